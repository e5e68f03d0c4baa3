/**
 * The off-heap keyed state backend: a key-group-partitioned hash store in memory the backend allocates and frees
 * itself. Public: {@link io.cairn.offheap.OffHeapStateBackend} and
 * {@link io.cairn.offheap.OffHeapKeyedStateBackend}; the rest is the store. The memory layout is described by the
 * {@code *Descriptor} classes and {@code docs/offheap-layout.md}.
 */
package io.cairn.offheap;
