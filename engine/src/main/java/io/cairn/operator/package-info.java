/**
 * Operator state: state that belongs to a subtask rather than to a key. {@link
 * io.cairn.operator.DefaultOperatorStateBackend} keeps split list, union list and broadcast state and snapshots
 * it into the same stream format as keyed state (kind {@link io.cairn.format.StreamFormat#KIND_OPERATOR}, one
 * partition per state, the state's {@link io.cairn.snapshot.OperatorStateMode} in its mode byte);
 * {@link io.cairn.operator.OperatorStateRedistributor} hands the snapshots of old subtasks to new ones when the
 * parallelism changes. The rest of the package is package-private.
 */
package io.cairn.operator;
