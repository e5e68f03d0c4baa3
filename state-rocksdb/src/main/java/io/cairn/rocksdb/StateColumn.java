package io.cairn.rocksdb;

import io.cairn.codec.Codec;
import io.cairn.format.StateMetaInfo;
import io.cairn.state.StateType;
import org.rocksdb.ColumnFamilyHandle;

/**
 * One state of a backend and its column family. The column family is created on the state's first write (or
 * when a restore loads entries into it), not when the state is registered: a state that was only declared, or
 * only read, costs RocksDB nothing, and reads of a state without a column family find nothing.
 *
 * <p>A column family is named after its state ({@link #columnFamilyName}), so a database restored from an
 * incremental checkpoint's files tells which column family holds which state without more bookkeeping. The name's
 * prefix carries the version of the layout of the values in it ({@link ListValueLayout}), so the files of a
 * database written with another layout are refused instead of misread.
 *
 * <p>A state restored from a snapshot and not yet asked for by a descriptor is a column of its own: it is kept,
 * and snapshotted, until a descriptor with matching codecs claims it.
 */
final class StateColumn
{
    /**
     * How the name of a state's column family starts; the state's name follows. {@code v2}: lists framed with
     * varint lengths.
     */
    static final String COLUMN_FAMILY_PREFIX = "state.v2/";
    /** The prefix of layout version 1 (lists framed with 4-byte lengths), which this version does not read. */
    static final String VERSION_1_PREFIX = "state/";

    final String name;
    final StateMetaInfo meta;
    final int namespaceFixedLength;
    /** For map state: the map key codec's fixed length; otherwise unused. */
    final int userKeyFixedLength;
    private final RocksDbInstance instance;
    private final String columnFamilyName;
    private ColumnFamilyHandle handle;
    private int modCount;

    /**
     * @param instance where the column family lives.
     * @param meta     the state's name, kind and codecs.
     * @param handle   its column family, if the database already has it (a restored one), else null.
     */
    StateColumn(final RocksDbInstance instance, final StateMetaInfo meta, final ColumnFamilyHandle handle)
    {
        this.instance = instance;
        this.columnFamilyName = columnFamilyName(meta.name());
        this.name = meta.name();
        this.meta = meta;
        this.namespaceFixedLength = meta.namespaceCodec().fixedLength();
        this.userKeyFixedLength =
            meta.type() == StateType.MAP ? meta.codecs().get(0).fixedLength() : Codec.VARIABLE_LENGTH;
        this.handle = handle;
    }

    /**
     * @param stateName a state's name (anything).
     * @return the name of its column family: unique in the instance, as state names are, and never RocksDB's
     * {@code default}.
     */
    static String columnFamilyName(final String stateName)
    {
        return COLUMN_FAMILY_PREFIX + stateName;
    }

    /**
     * @param columnFamilyName a column family's name.
     * @return the name of the state it holds, or null if it is not a state's column family.
     */
    static String stateName(final String columnFamilyName)
    {
        return columnFamilyName.startsWith(COLUMN_FAMILY_PREFIX) ?
            columnFamilyName.substring(COLUMN_FAMILY_PREFIX.length()) : null;
    }

    /**
     * @param meta a state's meta info, or null for none.
     * @return whether its column family holds map state, and so gets the map options
     * ({@link RocksDbOptions#columnFamilyOptions(boolean)}); false for null.
     */
    static boolean holdsMapState(final StateMetaInfo meta)
    {
        return meta != null && meta.type() == StateType.MAP;
    }

    /** @return the column family, or null if the state was never written. */
    ColumnFamilyHandle handleOrNull()
    {
        return handle;
    }

    /** @return the column family, created now if this is the state's first write. */
    ColumnFamilyHandle handleForWrite()
    {
        if (handle == null)
        {
            handle = instance.createColumnFamily(columnFamilyName, holdsMapState(meta));
        }
        return handle;
    }

    /** Drops the column family, if any (after a failed restore). */
    void drop()
    {
        if (handle != null)
        {
            final ColumnFamilyHandle dropped = handle;
            handle = null;
            instance.dropColumnFamily(dropped);
        }
    }

    /** @return a counter that changes with every write to the state, for map iterators' modification checks. */
    int modCount()
    {
        return modCount;
    }

    /** Records a write. */
    void modified()
    {
        modCount++;
    }

    @Override
    public String toString()
    {
        return "StateColumn{" + meta + ", columnFamily=" + columnFamilyName + (handle == null ? " (not created)" : "") +
            "}";
    }
}
