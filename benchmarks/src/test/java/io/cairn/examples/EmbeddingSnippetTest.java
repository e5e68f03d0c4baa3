package io.cairn.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.cairn.backend.KeyedStateBackend;
import io.cairn.backend.KeyedStateBackendParameters;
import io.cairn.backend.StateBackend;
import io.cairn.backend.StateBackendLoader;
import io.cairn.codec.LongCodec;
import io.cairn.codec.VoidNamespace;
import io.cairn.codec.VoidNamespaceCodec;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The code of the README's "Embedding" section, kept here so that it keeps compiling and doing what the README
 * says; {@link #shouldMatchTheReadme()} fails when the two drift apart. Change both together.
 */
class EmbeddingSnippetTest
{
    @Test
    void shouldRunTheReadmeSnippet()
    {
        // --- README snippet starts
        final StateBackend offHeap =
            StateBackendLoader.loadStateBackendFromConfig(Map.of("state.backend.type", "offheap"));
        try (KeyedStateBackend<Long> backend = offHeap.createKeyedStateBackend(
            KeyedStateBackendParameters.builder(LongCodec.INSTANCE)
                .numberOfKeyGroups(128)          // max parallelism: key groups as Apache Flink computes them
                .memoryBudgetBytes(64L << 20)    // a hard limit: a write beyond it fails, the state is unchanged
                .build()))
        {
            final ValueStateDescriptor<Long> descriptor = new ValueStateDescriptor<>("count", LongCodec.INSTANCE);
            final ValueState<Long> count =
                backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, descriptor);

            backend.setCurrentKey(42L);          // state calls act on the current key
            final Long current = count.value();  // null: nothing stored yet
            count.update(current == null ? 1L : current + 1L);
            // --- README snippet ends

            assertEquals(1L, count.value());
            backend.setCurrentKey(43L);
            assertEquals(null, count.value());
        }
    }

    @Test
    void shouldMatchTheReadme() throws IOException
    {
        // Surefire runs in the module's directory.
        final List<String> test = Files.readAllLines(
            Path.of("src/test/java/io/cairn/examples/EmbeddingSnippetTest.java"), StandardCharsets.UTF_8);
        final List<String> readme = Files.readAllLines(Path.of("../README.md"), StandardCharsets.UTF_8);

        final String snippet = test.subList(indexOf(test, "// --- README snippet starts") + 1,
            indexOf(test, "// --- README snippet ends")).stream()
            .map(line -> line.length() >= 8 ? line.substring(8) : line.strip())
            .collect(Collectors.joining("\n"));
        final int start = indexOf(readme, "```java") + 1;
        final String readmeBlock = String.join("\n", readme.subList(start, readme.subList(start, readme.size())
            .indexOf("```") + start - 1));

        assertEquals(readmeBlock, snippet);
    }

    private static int indexOf(final List<String> lines, final String marker)
    {
        for (int i = 0; i < lines.size(); i++)
        {
            if (lines.get(i).strip().equals(marker))
            {
                return i;
            }
        }
        throw new AssertionError("marker not found: " + marker);
    }
}
