package io.cairn.offheap;

import io.cairn.codec.Codec;
import io.cairn.codec.LongCodec;
import io.cairn.state.AggregatingStateDescriptor;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.MapStateDescriptor;
import io.cairn.state.ReducingStateDescriptor;
import io.cairn.state.State;
import io.cairn.state.StateDescriptor;
import io.cairn.state.ValueStateDescriptor;

/** Makes the state objects of an off-heap backend, one per state name, over the state's storage. */
final class OffHeapStates
{
    private OffHeapStates()
    {
    }

    /**
     * Creates the state object of a new state name. Long-valued value states and long-to-long map states get the
     * classes with primitive accessors, whichever descriptor registered them, so that a later request with the
     * primitive descriptor finds the object it needs.
     */
    @SuppressWarnings({ "unchecked", "rawtypes" })
    static <N, S extends State> AbstractOffHeapState<N, S> create(
        final OffHeapKeyedStateBackend<?> backend,
        final StateDescriptor<S> descriptor, final Codec<N> namespaceCodec, final StateStorage storage)
    {
        final boolean allLongs = LongCodec.allLongCodecs(descriptor.getCodecs());
        switch (descriptor.getType())
        {
            case VALUE:
                if (allLongs)
                {
                    final Long defaultValue = descriptor instanceof ValueStateDescriptor ?
                        (Long)((ValueStateDescriptor)descriptor).getDefaultValue() : null;
                    return (AbstractOffHeapState<N, S>)new OffHeapLongValueState<>(
                        backend, (StateDescriptor)descriptor, (ValueStorage)storage, defaultValue, namespaceCodec);
                }
                final ValueStateDescriptor valueDescriptor = (ValueStateDescriptor)descriptor;
                return (AbstractOffHeapState<N, S>)new OffHeapValueState<>(backend, valueDescriptor,
                    (ValueStorage)storage, valueDescriptor.getValueCodec(), valueDescriptor.getDefaultValue(),
                    namespaceCodec);
            case LIST:
                return (AbstractOffHeapState<N, S>)new OffHeapListState<>(
                    backend, (ListStateDescriptor)descriptor, (ListStorage)storage, namespaceCodec);
            case MAP:
                if (allLongs)
                {
                    return (AbstractOffHeapState<N, S>)new OffHeapLongLongMapState<>(
                        backend, (StateDescriptor)descriptor, (MapStorage)storage, namespaceCodec);
                }
                final MapStateDescriptor mapDescriptor = (MapStateDescriptor)descriptor;
                return (AbstractOffHeapState<N, S>)new OffHeapMapState<>(backend, mapDescriptor, (MapStorage)storage,
                    mapDescriptor.getUserKeyCodec(), mapDescriptor.getUserValueCodec(), namespaceCodec);
            case REDUCING:
                return (AbstractOffHeapState<N, S>)new OffHeapReducingState<>(
                    backend, (ReducingStateDescriptor)descriptor, (ValueStorage)storage, namespaceCodec);
            case AGGREGATING:
                return (AbstractOffHeapState<N, S>)new OffHeapAggregatingState<>(
                    backend, (AggregatingStateDescriptor)descriptor, (ValueStorage)storage, namespaceCodec);
            default:
                throw new IllegalArgumentException("stateType=" + descriptor.getType() + " is not supported");
        }
    }
}
