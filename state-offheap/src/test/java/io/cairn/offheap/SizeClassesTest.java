package io.cairn.offheap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SizeClassesTest
{
    @Test
    void shouldPickTheSmallestClassThatHoldsTheSize()
    {
        int previousClassSize = 0;
        for (int size = 1; size <= SizeClasses.MAX_CLASS_SIZE; size += (size < 4096 ? 1 : 97))
        {
            final int sizeClass = SizeClasses.sizeClass(size);
            final int classSize = SizeClasses.classSize(sizeClass);
            assertTrue(classSize >= size, "size=" + size + " classSize=" + classSize);
            assertTrue(sizeClass == 0 || SizeClasses.classSize(sizeClass - 1) < size, "size=" + size);
            assertEquals(0, classSize % SizeClasses.ALIGNMENT, "classSize=" + classSize);
            assertTrue(classSize >= previousClassSize);
            previousClassSize = classSize;
        }
        assertEquals(SizeClasses.NUMBER_OF_CLASSES - 1, SizeClasses.sizeClass(SizeClasses.MAX_CLASS_SIZE));
    }

    @Test
    void shouldWasteAtMostAFifthAboveOneKibibyte()
    {
        for (int size = 1025; size <= SizeClasses.MAX_CLASS_SIZE; size += 61)
        {
            final int classSize = SizeClasses.classSize(SizeClasses.sizeClass(size));
            assertTrue((classSize - size) * 5L <= classSize, "size=" + size + " classSize=" + classSize);
        }
    }

    @Test
    void shouldMapEveryClassSizeToItself()
    {
        for (int sizeClass = 0; sizeClass < SizeClasses.NUMBER_OF_CLASSES; sizeClass++)
        {
            assertEquals(sizeClass, SizeClasses.sizeClass(SizeClasses.classSize(sizeClass)));
            assertEquals(SizeClasses.classSize(sizeClass),
                SizeClasses.largestClassSizeAtMost(SizeClasses.classSize(sizeClass) + 1));
        }
    }
}
