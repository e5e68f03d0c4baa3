/**
 * Cairn's main job, {@link io.cairn.examples.pipeline.PipelineJob}: a stateful pipeline on the off-heap backend
 * with filesystem checkpoints that counts a generated stream per key, crashes, restores at a higher parallelism,
 * finishes the stream and checks that every event was counted exactly once.
 */
package io.cairn.examples.pipeline;
