package io.cairn.rocksdb;

import io.cairn.codec.Codec;
import io.cairn.codec.LongCodec;
import io.cairn.state.AggregatingStateDescriptor;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.MapStateDescriptor;
import io.cairn.state.ReducingStateDescriptor;
import io.cairn.state.State;
import io.cairn.state.StateDescriptor;
import io.cairn.state.ValueStateDescriptor;

/** Creates the state object of a new state name, by kind. */
final class RocksDbStates
{
    private RocksDbStates()
    {
    }

    /**
     * Long-valued value states and long-to-long map states get the classes with primitive accessors, whichever
     * descriptor registered them, so that a later request with the primitive descriptor finds the object it needs.
     */
    @SuppressWarnings({ "unchecked", "rawtypes" })
    static <N, S extends State> AbstractRocksDbState<N, S> create(
        final RocksDbKeyedStateBackend<?> backend,
        final StateColumn column,
        final StateDescriptor<S> descriptor,
        final Codec<N> namespaceCodec)
    {
        final boolean allLongs = LongCodec.allLongCodecs(descriptor.getCodecs());
        switch (descriptor.getType())
        {
            case VALUE:
                if (allLongs)
                {
                    final Long defaultValue = descriptor instanceof ValueStateDescriptor ?
                        (Long)((ValueStateDescriptor)descriptor).getDefaultValue() : null;
                    return (AbstractRocksDbState<N, S>)new RocksDbLongValueState<>(
                        backend, column, (StateDescriptor)descriptor, defaultValue, namespaceCodec);
                }
                final ValueStateDescriptor valueDescriptor = (ValueStateDescriptor)descriptor;
                return (AbstractRocksDbState<N, S>)new RocksDbValueState<>(backend, column, valueDescriptor,
                    valueDescriptor.getValueCodec(), valueDescriptor.getDefaultValue(), namespaceCodec);
            case LIST:
                return (AbstractRocksDbState<N, S>)new RocksDbListState<>(
                    backend, column, (ListStateDescriptor)descriptor, namespaceCodec);
            case MAP:
                if (allLongs)
                {
                    return (AbstractRocksDbState<N, S>)new RocksDbLongLongMapState<>(
                        backend, column, (StateDescriptor)descriptor, namespaceCodec);
                }
                final MapStateDescriptor mapDescriptor = (MapStateDescriptor)descriptor;
                return (AbstractRocksDbState<N, S>)new RocksDbMapState<>(backend, column, mapDescriptor,
                    mapDescriptor.getUserKeyCodec(), mapDescriptor.getUserValueCodec(), namespaceCodec);
            case REDUCING:
                return (AbstractRocksDbState<N, S>)new RocksDbReducingState<>(
                    backend, column, (ReducingStateDescriptor)descriptor, namespaceCodec);
            case AGGREGATING:
                return (AbstractRocksDbState<N, S>)new RocksDbAggregatingState<>(
                    backend, column, (AggregatingStateDescriptor)descriptor, namespaceCodec);
            default:
                throw new IllegalArgumentException("stateType=" + descriptor.getType() + " is not supported");
        }
    }
}
