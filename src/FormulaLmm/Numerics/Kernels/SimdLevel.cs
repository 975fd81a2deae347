using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FormulaLmm.Numerics;

/// <summary>Instruction set a <see cref="KernelWorkspace"/> runs its micro-kernels with.</summary>
internal enum SimdLevel
{
    /// <summary>Portable scalar code; 4×4 register tiles.</summary>
    Scalar = 0,
    /// <summary>256-bit vectors with FMA (AVX2 class); 12×4 register tiles.</summary>
    Vector256 = 1,
    /// <summary>512-bit vectors with FMA (AVX-512F); 24×8 register tiles.</summary>
    Vector512 = 2,
}

internal static class SimdSupport
{
    /// <summary>The widest level this process can execute. <c>Vector&lt;double&gt;</c> stays 256 bits wide
    /// on AVX-512 hardware, so the 512-bit path is chosen explicitly.</summary>
    public static readonly SimdLevel Best =
        Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? SimdLevel.Vector512
        : Vector256.IsHardwareAccelerated && Fma.IsSupported ? SimdLevel.Vector256
        : SimdLevel.Scalar;

    public static bool IsSupported(SimdLevel level) => level <= Best;

    /// <summary>Rows of a register tile (and of a packed micro-panel).</summary>
    public static int TileRows(SimdLevel level) => level switch
    {
        SimdLevel.Vector512 => 24,
        SimdLevel.Vector256 => 12,
        _ => 4,
    };

    /// <summary>Columns of a register tile. Always divides <see cref="TileRows"/>, so a column tile of a
    /// symmetric update can be read straight out of a row-packed micro-panel.</summary>
    public static int TileColumns(SimdLevel level) => level switch
    {
        SimdLevel.Vector512 => 8,
        SimdLevel.Vector256 => 4,
        _ => 4,
    };
}
