package io.cairn.peers.flink;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RocksDbClassPathTest
{
    @Test
    void shouldHaveFlinksFrocksdbjniAsTheOnlyRocksDb() throws IOException, ClassNotFoundException
    {
        final List<URL> copies =
            Collections.list(getClass().getClassLoader().getResources("org/rocksdb/RocksDB.class"));

        assertEquals(1, copies.size(), "org.rocksdb.RocksDB on the class path: " + copies);
        assertTrue(copies.get(0).toString().contains("frocksdbjni"), copies.get(0).toString());
        // A class only Flink's build of RocksDB has.
        assertNotNull(Class.forName("org.rocksdb.FlinkCompactionFilter"));
    }
}
