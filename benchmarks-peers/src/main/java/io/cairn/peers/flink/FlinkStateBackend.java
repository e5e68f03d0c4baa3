package io.cairn.peers.flink;

import java.util.Collections;

import io.cairn.backend.KeyedStateBackend;
import io.cairn.backend.KeyedStateBackendParameters;
import io.cairn.backend.StateBackend;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.fs.CloseableRegistry;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.runtime.state.AbstractStateBackend;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyedStateBackendParametersImpl;
import org.apache.flink.runtime.state.ttl.TtlTimeProvider;

/**
 * A Cairn {@link StateBackend} whose keyed backends are made by one of Apache Flink's state backends, each in a
 * task environment of its own, outside any cluster (Flink's {@code MockEnvironment}, as Flink's own state tests
 * do).
 *
 * <p>Cairn's parameters map to Flink's: the key codec to Flink's serializer of the same type, the number of key
 * groups to the max parallelism, the key-group range to the same range, and the memory budget to the task's
 * managed memory, which Flink's RocksDB backend shares between its block cache and write buffers (the heap
 * backend ignores it and lives on the Java heap). Each keyed backend keeps a {@link FlinkBackendBuilder} of its
 * parameters: restoring one builds a new Flink backend from the restored handles in the same environment.
 */
final class FlinkStateBackend implements StateBackend
{
    private static final String OPERATOR_IDENTIFIER = "cairn-benchmark";

    private final String name;
    private final AbstractStateBackend flinkBackend;

    /**
     * @param name         the name the backend is registered under.
     * @param flinkBackend Flink's configured state backend.
     */
    FlinkStateBackend(final String name, final AbstractStateBackend flinkBackend)
    {
        this.name = name;
        this.flinkBackend = flinkBackend;
    }

    @Override
    public String getName()
    {
        return name;
    }

    @Override
    public <K> KeyedStateBackend<K> createKeyedStateBackend(final KeyedStateBackendParameters<K> parameters)
    {
        final io.cairn.keygroup.KeyGroupRange range = parameters.getKeyGroupRange();
        final MockEnvironment environment = new MockEnvironmentBuilder()
            .setTaskName(OPERATOR_IDENTIFIER)
            .setMaxParallelism(parameters.getNumberOfKeyGroups())
            .setManagedMemorySize(parameters.getMemoryBudgetBytes())
            .build();
        try
        {
            final TypeSerializer<K> keySerializer = FlinkSerializers.of(parameters.getKeyCodec(), "keyCodec");
            final KeyGroupRange flinkRange = FlinkKeyGroups.toFlink(range);
            final FlinkBackendBuilder<K> builder = restoredHandles -> flinkBackend.createKeyedStateBackend(
                new KeyedStateBackendParametersImpl<>(
                    environment,
                    environment.getJobID(),
                    OPERATOR_IDENTIFIER,
                    keySerializer,
                    parameters.getNumberOfKeyGroups(),
                    flinkRange,
                    environment.getTaskKvStateRegistry(),
                    TtlTimeProvider.DEFAULT,
                    new UnregisteredMetricsGroup(),
                    restoredHandles,
                    new CloseableRegistry()));
            return new FlinkKeyedStateBackend<>(
                name, builder.build(Collections.emptyList()), builder, environment, parameters.getKeyCodec(), range);
        }
        catch (final Exception ex)
        {
            try
            {
                environment.close();
            }
            catch (final Exception closeEx)
            {
                ex.addSuppressed(closeEx);
            }
            throw FlinkFailure.of("createKeyedStateBackend of " + name + " with " + parameters, ex);
        }
    }
}
