package io.cairn.keygroup;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link KeyGroupRangeAssignment} must be bit for bit Apache Flink's, or state written by one cannot be read by the
 * other. The murmur hash is checked against a generic MurmurHash3_x86_32 written here from the published algorithm,
 * and against literal numbers (cross-checked with an independent MurmurHash3 implementation), so that a change to
 * both the code and the reference would still be caught.
 */
class KeyGroupRangeAssignmentTest
{
    private static final int[] MAX_PARALLELISMS = { 128, 37 };

    @Test
    void referenceMurmurHashShouldMatchPublishedTestVectors()
    {
        // Guards the reference itself, including its 1-, 2- and 3-byte tails.
        assertEquals(0x00000000, rawMurmurHash3(utf8("")));
        assertEquals(0x3c2569b2, rawMurmurHash3(utf8("a")));
        assertEquals(0x9bbfd75f, rawMurmurHash3(utf8("ab")));
        assertEquals(0xb3dd93fa, rawMurmurHash3(utf8("abc")));
        assertEquals(0xba6bd213, rawMurmurHash3(utf8("test")));
        assertEquals(0xc0363e43, rawMurmurHash3(utf8("Hello, world!")));
        assertEquals(0x2e4ff723, rawMurmurHash3(utf8("The quick brown fox jumps over the lazy dog")));
    }

    @Test
    void shouldMatchReferenceMurmurHashForEdgeHashCodes()
    {
        final int[] codes =
        {
            0, 1, -1, 2, -2, 42, 127, 128, 255, 256, 65535, 65536,
            Integer.MIN_VALUE, Integer.MIN_VALUE + 1, Integer.MAX_VALUE, Integer.MAX_VALUE - 1,
            Long.hashCode(0L), Long.hashCode(1L), Long.hashCode(-1L), Long.hashCode(Long.MAX_VALUE),
            Long.hashCode(Long.MIN_VALUE), Long.hashCode(1L << 32), Long.hashCode(123_456_789_012L),
            "".hashCode(), "a".hashCode(), "hello".hashCode(), "cairn".hashCode(), "Apache Flink".hashCode(),
            "\uD83D\uDE00".hashCode()
        };
        for (final int code : codes)
        {
            assertEquals(referenceMurmurHash(code), KeyGroupRangeAssignment.murmurHash(code), "code=" + code);
        }
    }

    @Test
    void shouldMatchReferenceMurmurHashForManyHashCodes()
    {
        final SplittableRandom random = new SplittableRandom(0xCA1A);
        for (int i = 0; i < 100_000; i++)
        {
            final int code = random.nextInt();
            assertEquals(referenceMurmurHash(code), KeyGroupRangeAssignment.murmurHash(code), "code=" + code);
        }
        for (int code = -1000; code <= 1000; code++)
        {
            assertEquals(referenceMurmurHash(code), KeyGroupRangeAssignment.murmurHash(code), "code=" + code);
        }
    }

    @Test
    void shouldMatchLiteralMurmurHashValues()
    {
        // Derived from MurmurHash3_x86_32(seed 0) of the 4 little-endian bytes, made non-negative.
        assertEquals(593_689_054, KeyGroupRangeAssignment.murmurHash(0));
        assertEquals(68_075_478, KeyGroupRangeAssignment.murmurHash(1));
        assertEquals(1_982_413_648, KeyGroupRangeAssignment.murmurHash(-1));
        assertEquals(1_134_849_565, KeyGroupRangeAssignment.murmurHash(42));
        assertEquals(1_718_298_732, KeyGroupRangeAssignment.murmurHash(Integer.MIN_VALUE));
        assertEquals(1_653_689_534, KeyGroupRangeAssignment.murmurHash(Integer.MAX_VALUE));
        assertEquals(1_715_862_179, KeyGroupRangeAssignment.murmurHash("hello".hashCode()));
        assertEquals(1_486_934_782, KeyGroupRangeAssignment.murmurHash("cairn".hashCode()));
    }

    @Test
    void shouldMapHashWhoseMurmurIsMinValueToZero()
    {
        // -2089875627 is the one hash code whose raw MurmurHash3 is Integer.MIN_VALUE (found by inverting the mix).
        final int code = -2_089_875_627;
        assertEquals(Integer.MIN_VALUE, rawMurmurHash3(intToLittleEndian(code)));
        assertEquals(0, KeyGroupRangeAssignment.murmurHash(code));
        assertEquals(0, KeyGroupRangeAssignment.assignToKeyGroup(code, 128));
    }

    @Test
    void shouldNeverReturnNegativeMurmurHash()
    {
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++)
        {
            final int code = random.nextInt();
            assertTrue(KeyGroupRangeAssignment.murmurHash(code) >= 0, "code=" + code);
        }
    }

    @Test
    void shouldAssignKeyGroupFromMurmurOfHashCode()
    {
        final List<Object> keys = new ArrayList<>();
        for (long l = -50; l <= 50; l++)
        {
            keys.add(l);
        }
        keys.add(Long.MAX_VALUE);
        keys.add(Long.MIN_VALUE);
        keys.add(123_456_789L);
        keys.add("");
        keys.add("a");
        keys.add("hello");
        keys.add("cairn");
        keys.add("Apache Flink");
        keys.add("\u00e9t\u00e9 \u6f22\u5b57 \uD83D\uDE00");

        for (final int maxParallelism : MAX_PARALLELISMS)
        {
            for (final Object key : keys)
            {
                final int expected = referenceMurmurHash(key.hashCode()) % maxParallelism;
                final int actual = KeyGroupRangeAssignment.assignToKeyGroup(key.hashCode(), maxParallelism);
                assertEquals(expected, actual, "key=" + key + ", maxParallelism=" + maxParallelism);
                assertEquals(actual, KeyGroupRangeAssignment.computeKeyGroupForKeyHash(key.hashCode(), maxParallelism));
            }
        }
    }

    @Test
    void shouldAssignLiteralKeyGroupsToLongKeys()
    {
        assertKeyGroups(0L, 94, 4);
        assertKeyGroups(1L, 86, 29);
        assertKeyGroups(42L, 29, 32);
        assertKeyGroups(-1L, 94, 4);
        assertKeyGroups(123_456_789L, 81, 33);
        assertKeyGroups(Long.MAX_VALUE, 108, 10);
        assertKeyGroups(Long.MIN_VALUE, 108, 10);
    }

    @Test
    void shouldAssignLiteralKeyGroupsToStringKeys()
    {
        assertKeyGroups("", 94, 4);
        assertKeyGroups("a", 81, 14);
        assertKeyGroups("hello", 35, 18);
        assertKeyGroups("cairn", 126, 20);
        assertKeyGroups("Apache Flink", 13, 33);
    }

    @Test
    void shouldAssignEveryKeyGroupWithinRange()
    {
        for (final int maxParallelism : new int[]{ 1, 2, 37, 128, 32768 })
        {
            for (int code = -5000; code < 5000; code++)
            {
                final int keyGroup = KeyGroupRangeAssignment.assignToKeyGroup(code, maxParallelism);
                assertTrue(keyGroup >= 0 && keyGroup < maxParallelism, "code=" + code);
            }
        }
    }

    @Test
    void shouldPartitionKeyGroupsExactlyAmongOperators()
    {
        for (final int maxParallelism : MAX_PARALLELISMS)
        {
            for (int parallelism = 1; parallelism <= 8; parallelism++)
            {
                int expectedStart = 0;
                for (int operatorIndex = 0; operatorIndex < parallelism; operatorIndex++)
                {
                    final KeyGroupRange range = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
                        maxParallelism, parallelism, operatorIndex);
                    final String context = "maxParallelism=" + maxParallelism + ", parallelism=" + parallelism +
                        ", operatorIndex=" + operatorIndex;
                    assertTrue(!range.isEmpty(), context);
                    assertEquals(expectedStart, range.getStartKeyGroup(), context);
                    for (final int keyGroup : range)
                    {
                        assertEquals(operatorIndex, KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(
                            maxParallelism, parallelism, keyGroup), context + ", keyGroup=" + keyGroup);
                    }
                    expectedStart = range.getEndKeyGroup() + 1;
                }
                assertEquals(maxParallelism, expectedStart, "maxParallelism=" + maxParallelism +
                    ", parallelism=" + parallelism);
            }
        }
    }

    @Test
    void shouldComputeFlinkKeyGroupRanges()
    {
        assertEquals(KeyGroupRange.of(0, 127), rangeOf(128, 1, 0));
        assertEquals(KeyGroupRange.of(0, 42), rangeOf(128, 3, 0));
        assertEquals(KeyGroupRange.of(43, 85), rangeOf(128, 3, 1));
        assertEquals(KeyGroupRange.of(86, 127), rangeOf(128, 3, 2));
        assertEquals(KeyGroupRange.of(0, 4), rangeOf(37, 8, 0));
        assertEquals(KeyGroupRange.of(5, 9), rangeOf(37, 8, 1));
        assertEquals(KeyGroupRange.of(33, 36), rangeOf(37, 8, 7));
        assertEquals(2, KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(128, 3, 86));
        assertEquals(1, KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(128, 3, 85));
    }

    @Test
    void shouldGiveEachOperatorOneKeyGroupWhenParallelismEqualsMaxParallelism()
    {
        for (int i = 0; i < 37; i++)
        {
            assertEquals(KeyGroupRange.of(i, i), rangeOf(37, 37, i));
        }
    }

    @Test
    void shouldComputeDefaultMaxParallelism()
    {
        assertEquals(128, KeyGroupRangeAssignment.computeDefaultMaxParallelism(1));
        assertEquals(128, KeyGroupRangeAssignment.computeDefaultMaxParallelism(2));
        assertEquals(128, KeyGroupRangeAssignment.computeDefaultMaxParallelism(85)); // 85 + 42 = 127
        assertEquals(256, KeyGroupRangeAssignment.computeDefaultMaxParallelism(86)); // 86 + 43 = 129 -> 256
        assertEquals(256, KeyGroupRangeAssignment.computeDefaultMaxParallelism(100)); // 150 -> 256
        assertEquals(256, KeyGroupRangeAssignment.computeDefaultMaxParallelism(170)); // 255 -> 256
        assertEquals(512, KeyGroupRangeAssignment.computeDefaultMaxParallelism(172)); // 258 -> 512
        assertEquals(2048, KeyGroupRangeAssignment.computeDefaultMaxParallelism(1000)); // 1500 -> 2048
        assertEquals(32768, KeyGroupRangeAssignment.computeDefaultMaxParallelism(20_000)); // 30000 -> 32768
        assertEquals(32768, KeyGroupRangeAssignment.computeDefaultMaxParallelism(30_000)); // 45000 -> capped
        assertEquals(32768, KeyGroupRangeAssignment.computeDefaultMaxParallelism(32_768));
    }

    @Test
    void shouldRejectMaxParallelismOutsideBounds()
    {
        assertMessageContains("maxParallelism=0", () -> KeyGroupRangeAssignment.assignToKeyGroup(1, 0));
        assertMessageContains("maxParallelism=32769", () -> KeyGroupRangeAssignment.assignToKeyGroup(1, 32769));
        assertMessageContains("maxParallelism=-1", () -> KeyGroupRangeAssignment.checkMaxParallelism(-1));
        assertMessageContains("maxParallelism=0",
            () -> KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(0, 1, 0));
        assertMessageContains("maxParallelism=32769",
            () -> KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(32769, 1, 0));
        KeyGroupRangeAssignment.checkMaxParallelism(1);
        KeyGroupRangeAssignment.checkMaxParallelism(32768);
    }

    @Test
    void shouldRejectParallelismOutsideBounds()
    {
        assertMessageContains("parallelism=0", () -> KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
            128, 0, 0));
        assertMessageContains("parallelism=129", () -> KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
            128, 129, 0));
        assertMessageContains("parallelism=38", () -> KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(
            37, 38, 0));
        assertMessageContains("parallelism=0", () -> KeyGroupRangeAssignment.computeDefaultMaxParallelism(0));
        assertMessageContains("parallelism=32769", () -> KeyGroupRangeAssignment.computeDefaultMaxParallelism(32769));
    }

    @Test
    void shouldRejectOperatorIndexOutsideRange()
    {
        assertMessageContains("operatorIndex=-1", () -> KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
            128, 4, -1));
        assertMessageContains("operatorIndex=4", () -> KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
            128, 4, 4));
    }

    @Test
    void shouldRejectKeyGroupOutsideRange()
    {
        assertMessageContains("keyGroup=128", () -> KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(
            128, 4, 128));
        assertMessageContains("keyGroup=-1", () -> KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(
            128, 4, -1));
    }

    @ParameterizedTest
    @ValueSource(ints = { 1, 2, 3, 5, 8 })
    void shouldKeepEveryKeyInOneOperatorAcrossParallelisms(final int parallelism)
    {
        for (final int maxParallelism : MAX_PARALLELISMS)
        {
            for (long key = 0; key < 2000; key++)
            {
                final int keyGroup = KeyGroupRangeAssignment.assignToKeyGroup(Long.hashCode(key), maxParallelism);
                final int operatorIndex =
                    KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(maxParallelism, parallelism, keyGroup);
                assertTrue(KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
                    maxParallelism, parallelism, operatorIndex).contains(keyGroup), "key=" + key);
            }
        }
    }

    private static KeyGroupRange rangeOf(final int maxParallelism, final int parallelism, final int operatorIndex)
    {
        return KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(maxParallelism, parallelism, operatorIndex);
    }

    private static void assertKeyGroups(final Object key, final int keyGroupOf128, final int keyGroupOf37)
    {
        final int hashCode = key.hashCode();
        assertEquals(keyGroupOf128, referenceMurmurHash(hashCode) % 128, "reference, key=" + key);
        assertEquals(keyGroupOf37, referenceMurmurHash(hashCode) % 37, "reference, key=" + key);
        assertEquals(keyGroupOf128, KeyGroupRangeAssignment.assignToKeyGroup(hashCode, 128), "key=" + key);
        assertEquals(keyGroupOf37, KeyGroupRangeAssignment.assignToKeyGroup(hashCode, 37), "key=" + key);
    }

    private static void assertMessageContains(final String expected, final Executable executable)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, executable);
        assertTrue(ex.getMessage() != null && ex.getMessage().contains(expected),
            "message=" + ex.getMessage() + "; expected it to contain " + expected);
    }

    /** Flink's murmurHash: MurmurHash3 of the hash code's little-endian bytes, made non-negative. */
    private static int referenceMurmurHash(final int code)
    {
        final int h = rawMurmurHash3(intToLittleEndian(code));
        if (h >= 0)
        {
            return h;
        }
        return h == Integer.MIN_VALUE ? 0 : -h;
    }

    private static byte[] utf8(final String value)
    {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] intToLittleEndian(final int value)
    {
        return new byte[]{ (byte)value, (byte)(value >>> 8), (byte)(value >>> 16), (byte)(value >>> 24) };
    }

    /** MurmurHash3_x86_32 with seed 0 over any byte array, as published by Austin Appleby. */
    private static int rawMurmurHash3(final byte[] data)
    {
        final int c1 = 0xcc9e2d51;
        final int c2 = 0x1b873593;
        final int length = data.length;
        final int blockCount = length / 4;
        int h1 = 0;

        for (int i = 0; i < blockCount; i++)
        {
            final int index = i * 4;
            int k1 = (data[index] & 0xFF) | ((data[index + 1] & 0xFF) << 8) | ((data[index + 2] & 0xFF) << 16) |
                ((data[index + 3] & 0xFF) << 24);
            k1 *= c1;
            k1 = Integer.rotateLeft(k1, 15);
            k1 *= c2;
            h1 ^= k1;
            h1 = Integer.rotateLeft(h1, 13);
            h1 = h1 * 5 + 0xe6546b64;
        }

        final int tail = blockCount * 4;
        int k1 = 0;
        final int remainder = length & 3;
        if (remainder == 3)
        {
            k1 ^= (data[tail + 2] & 0xFF) << 16;
        }
        if (remainder >= 2)
        {
            k1 ^= (data[tail + 1] & 0xFF) << 8;
        }
        if (remainder >= 1)
        {
            k1 ^= data[tail] & 0xFF;
            k1 *= c1;
            k1 = Integer.rotateLeft(k1, 15);
            k1 *= c2;
            h1 ^= k1;
        }

        h1 ^= length;
        h1 ^= h1 >>> 16;
        h1 *= 0x85ebca6b;
        h1 ^= h1 >>> 13;
        h1 *= 0xc2b2ae35;
        h1 ^= h1 >>> 16;
        return h1;
    }
}
