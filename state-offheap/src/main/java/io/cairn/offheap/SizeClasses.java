package io.cairn.offheap;

/**
 * The block sizes of {@link MemoryPool}: multiples of 16 up to 1 KiB, then four steps per power of two (a block
 * wastes at most a fifth of itself), up to {@link #MAX_CLASS_SIZE}.
 */
final class SizeClasses
{
    /** Blocks are multiples of this, so every block is 16-byte aligned within its chunk. */
    static final int ALIGNMENT = 16;
    static final int MIN_CLASS_SIZE = ALIGNMENT;
    private static final int SMALL_LIMIT = 1024;
    private static final int SMALL_CLASSES = SMALL_LIMIT / ALIGNMENT;
    private static final int SMALL_LIMIT_SHIFT = 10;
    private static final int STEPS_PER_DOUBLING = 4;
    /** The largest class: 1 MiB. */
    static final int MAX_CLASS_SIZE = 1 << 20;
    static final int NUMBER_OF_CLASSES = SMALL_CLASSES + (20 - SMALL_LIMIT_SHIFT) * STEPS_PER_DOUBLING;

    private SizeClasses()
    {
    }

    /**
     * @param size bytes, {@code 1..MAX_CLASS_SIZE}.
     * @return the smallest class whose blocks hold {@code size} bytes.
     */
    static int sizeClass(final int size)
    {
        if (size <= SMALL_LIMIT)
        {
            return ((size + ALIGNMENT - 1) >>> 4) - 1;
        }
        final int k = 31 - Integer.numberOfLeadingZeros(size - 1);
        final int stepShift = k - 2;
        final int step = ((size - (1 << k)) + (1 << stepShift) - 1) >>> stepShift;
        return SMALL_CLASSES + (k - SMALL_LIMIT_SHIFT) * STEPS_PER_DOUBLING + step - 1;
    }

    /**
     * @param sizeClass a class.
     * @return the size of its blocks.
     */
    static int classSize(final int sizeClass)
    {
        if (sizeClass < SMALL_CLASSES)
        {
            return (sizeClass + 1) << 4;
        }
        final int c = sizeClass - SMALL_CLASSES;
        final int k = SMALL_LIMIT_SHIFT + c / STEPS_PER_DOUBLING;
        return (1 << k) + ((c % STEPS_PER_DOUBLING) + 1) * (1 << (k - 2));
    }

    /**
     * @param size bytes, {@code >= MIN_CLASS_SIZE}.
     * @return the largest class size not above {@code size}.
     */
    static int largestClassSizeAtMost(final int size)
    {
        int sizeClass = sizeClass(size);
        while (classSize(sizeClass) > size)
        {
            sizeClass--;
        }
        return classSize(sizeClass);
    }
}
