package io.cairn.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.cairn.keygroup.KeyGroupRange;
import org.junit.jupiter.api.Test;

class IncrementalSstStateHandleTest
{
    private static final UUID BACKEND = new UUID(1, 2);

    private final UploadedFile meta = file("cairn-meta", 5, 10);
    private final UploadedFile olderSst = file("000004.sst", 3, 100);
    private final UploadedFile ownSst = file("000009.sst", 5, 40);
    private final UploadedFile manifest = file("MANIFEST-000010", 5, 7);

    @Test
    void shouldShareTheSstFilesAndKeepTheMetaStreamAndPrivateFilesExclusive()
    {
        final IncrementalSstStateHandle handle = new IncrementalSstStateHandle(KeyGroupRange.of(0, 9), 5, BACKEND,
            meta, List.of(olderSst, ownSst), List.of(manifest));

        assertEquals(List.of(olderSst.stream(), ownSst.stream()), handle.getSharedStreams());
        assertEquals(3, handle.getSharedStreamCheckpointId(0));
        assertEquals(5, handle.getSharedStreamCheckpointId(1));
        assertEquals(List.of(meta.stream(), manifest.stream()), handle.getExclusiveStreams());
        assertEquals(List.of(meta.stream(), manifest.stream(), ownSst.stream()), handle.getOwnStreams());
        assertEquals(10 + 100 + 40 + 7, handle.getStateSize());
        assertEquals(10 + 40 + 7, handle.getCheckpointedSize());
    }

    @Test
    void shouldStandForFewerKeyGroupsWithTheSameFilesWhenIntersected()
    {
        final IncrementalSstStateHandle handle = new IncrementalSstStateHandle(KeyGroupRange.of(0, 9), 5, BACKEND,
            meta, List.of(olderSst), List.of(manifest));

        final IncrementalSstStateHandle part = handle.getIntersection(KeyGroupRange.of(8, 20));

        assertEquals(KeyGroupRange.of(8, 9), part.getKeyGroupRange());
        assertEquals(handle.getSharedFiles(), part.getSharedFiles());
        assertEquals(handle.getPrivateFiles(), part.getPrivateFiles());
        assertEquals(handle.getMeta(), part.getMeta());
        assertSame(handle, handle.getIntersection(KeyGroupRange.of(0, 127)));
        assertNull(handle.getIntersection(KeyGroupRange.of(10, 20)));
        assertFalse(handle.equals(part));
    }

    @Test
    void shouldDiscardOnlyWhatItsOwnCheckpointWrote() throws IOException
    {
        final List<String> discarded = new ArrayList<>();
        new IncrementalSstStateHandle(KeyGroupRange.of(0, 0), 9, BACKEND,
            recorded("meta", 9, discarded),
            List.of(recorded("old.sst", 8, discarded), recorded("new.sst", 9, discarded)),
            List.of(recorded("CURRENT", 9, discarded))).discardState();

        assertEquals(List.of("meta", "CURRENT", "new.sst"), discarded);
    }

    @Test
    void shouldRefuseFilesThatDoNotBelongOrCollide()
    {
        final KeyGroupRange range = KeyGroupRange.of(0, 0);
        assertThrows(IllegalArgumentException.class, () -> new IncrementalSstStateHandle(range, 4, BACKEND,
            file("m", 4, 1), List.of(ownSst), List.of()), "an SST file of a newer checkpoint");
        assertThrows(IllegalArgumentException.class, () -> new IncrementalSstStateHandle(range, 5, BACKEND,
            meta, List.of(), List.of(file("CURRENT", 4, 1))), "a private file of another checkpoint");
        assertThrows(IllegalArgumentException.class, () -> new IncrementalSstStateHandle(range, 5, BACKEND,
            file("m", 4, 1), List.of(), List.of()), "a meta stream of another checkpoint");
        assertThrows(IllegalArgumentException.class, () -> new IncrementalSstStateHandle(range, 5, BACKEND,
            meta, List.of(ownSst, file("000009.sst", 5, 3)), List.of()), "two files of one name");
        assertThrows(IllegalArgumentException.class, () -> new IncrementalSstStateHandle(range, 5, BACKEND,
            meta, List.of(ownSst, new UploadedFile("x.sst", ownSst.stream(), 5, 40, 0)), List.of()),
            "one stream in two files");
        assertThrows(IllegalArgumentException.class, () -> new IncrementalSstStateHandle(KeyGroupRange.EMPTY, 5,
            BACKEND, meta, List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new IncrementalSstStateHandle(range, 5, null,
            meta, List.of(), List.of()));
    }

    @Test
    void shouldAcceptOnlyPlainFileNamesAndLengthsOfTheirStreams()
    {
        for (final String bad : new String[] {"", ".", "..", "../x", "a/b", "a\\b", "a\0b"})
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> new UploadedFile(bad, new ByteStreamStateHandle("s", new byte[1]), 1, 1, 0), bad);
            assertTrue(ex.getMessage().contains("expected a plain file name"), ex.getMessage());
            assertFalse(UploadedFile.isPlainFileName(bad), bad);
        }
        assertTrue(UploadedFile.isPlainFileName("MANIFEST-000001"));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new UploadedFile("a.sst", new ByteStreamStateHandle("s", new byte[3]), 1, 2, 0));
        assertTrue(ex.getMessage().contains("length=2 of a.sst; expected the size of its stream s, 3"),
            ex.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> new UploadedFile("a.sst", new ByteStreamStateHandle("s", new byte[3]), -1, 3, 0));
    }

    private static UploadedFile file(final String name, final long checkpointId, final int length)
    {
        return new UploadedFile(name, new ByteStreamStateHandle(name + "@" + checkpointId, new byte[length]),
            checkpointId, length, name.hashCode());
    }

    private static UploadedFile recorded(final String name, final long checkpointId, final List<String> discarded)
    {
        final StreamStateHandle stream = new StreamStateHandle()
        {
            private static final long serialVersionUID = 1L;

            @Override
            public PositionedInput openInput()
            {
                throw new UnsupportedOperationException();
            }

            @Override
            public String describe()
            {
                return name;
            }

            @Override
            public void discardState()
            {
                discarded.add(name);
            }

            @Override
            public long getStateSize()
            {
                return 1;
            }
        };
        return new UploadedFile(name, stream, checkpointId, 1, 0);
    }
}
