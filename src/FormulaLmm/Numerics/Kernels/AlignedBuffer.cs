using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FormulaLmm.Numerics;

/// <summary>A growable scratch array on the pinned object heap, exposed as a 64-byte aligned pointer so
/// packed micro-panels start on cache-line boundaries. Pinned arrays never move, so the pointer stays
/// valid for the buffer's lifetime; growth replaces it (callers re-read <see cref="Pointer"/>).</summary>
internal sealed unsafe class AlignedBuffer
{
    private const int AlignmentDoubles = 8;
    private double[] _array = [];

    public double* Pointer { get; private set; }

    public int Capacity { get; private set; }

    public void EnsureCapacity(long length)
    {
        if (length <= Capacity)
        {
            return;
        }
        if (length > Array.MaxLength - AlignmentDoubles)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "Workspace request exceeds the largest array .NET can allocate.");
        }
        long grown = Math.Min(Array.MaxLength - AlignmentDoubles, Math.Max(length, Capacity + (long)Capacity / 2));
        double[] array = GC.AllocateUninitializedArray<double>((int)grown + AlignmentDoubles, pinned: true);
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        int offset = (int)(((64 - (address & 63)) & 63) / sizeof(double));
        _array = array;
        Pointer = (double*)address + offset;
        Capacity = (int)grown;
    }
}
