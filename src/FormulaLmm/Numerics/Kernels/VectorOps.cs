using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FormulaLmm.Numerics;

/// <summary>Level-1 loops over contiguous column segments, at the widest vector width of a <see cref="SimdLevel"/>.
/// The split into vector body and scalar tail depends only on the length, so results are reproducible.</summary>
internal static unsafe class VectorOps
{
    /// <summary>y -= alpha · x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SubtractScaled(SimdLevel simd, double* y, double* x, int length, double alpha)
    {
        int i = 0;
        if (simd == SimdLevel.Vector512)
        {
            Vector512<double> s = Vector512.Create(alpha);
            for (; i <= length - 8; i += 8)
            {
                Vector512.Store(Avx512F.FusedMultiplyAddNegated(Vector512.Load(x + i), s, Vector512.Load(y + i)), y + i);
            }
        }
        else if (simd == SimdLevel.Vector256)
        {
            Vector256<double> s = Vector256.Create(alpha);
            for (; i <= length - 4; i += 4)
            {
                Vector256.Store(Fma.MultiplyAddNegated(Vector256.Load(x + i), s, Vector256.Load(y + i)), y + i);
            }
        }
        for (; i < length; i++)
        {
            y[i] -= alpha * x[i];
        }
    }

    /// <summary>y *= factor.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scale(SimdLevel simd, double* y, int length, double factor)
    {
        int i = 0;
        if (simd == SimdLevel.Vector512)
        {
            Vector512<double> s = Vector512.Create(factor);
            for (; i <= length - 8; i += 8)
            {
                Vector512.Store(Vector512.Load(y + i) * s, y + i);
            }
        }
        else if (simd == SimdLevel.Vector256)
        {
            Vector256<double> s = Vector256.Create(factor);
            for (; i <= length - 4; i += 4)
            {
                Vector256.Store(Vector256.Load(y + i) * s, y + i);
            }
        }
        for (; i < length; i++)
        {
            y[i] *= factor;
        }
    }

    /// <summary>Σ x_i y_i with four (vector) partial sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Dot(SimdLevel simd, double* x, double* y, int length)
    {
        int i = 0;
        double sum = 0.0;
        if (simd == SimdLevel.Vector512 && length >= 32)
        {
            Vector512<double> s0 = Vector512<double>.Zero, s1 = s0, s2 = s0, s3 = s0;
            for (; i <= length - 32; i += 32)
            {
                s0 = Avx512F.FusedMultiplyAdd(Vector512.Load(x + i), Vector512.Load(y + i), s0);
                s1 = Avx512F.FusedMultiplyAdd(Vector512.Load(x + i + 8), Vector512.Load(y + i + 8), s1);
                s2 = Avx512F.FusedMultiplyAdd(Vector512.Load(x + i + 16), Vector512.Load(y + i + 16), s2);
                s3 = Avx512F.FusedMultiplyAdd(Vector512.Load(x + i + 24), Vector512.Load(y + i + 24), s3);
            }
            sum = Vector512.Sum((s0 + s1) + (s2 + s3));
        }
        else if (simd >= SimdLevel.Vector256 && length >= 16)
        {
            Vector256<double> s0 = Vector256<double>.Zero, s1 = s0, s2 = s0, s3 = s0;
            for (; i <= length - 16; i += 16)
            {
                s0 = Fma.MultiplyAdd(Vector256.Load(x + i), Vector256.Load(y + i), s0);
                s1 = Fma.MultiplyAdd(Vector256.Load(x + i + 4), Vector256.Load(y + i + 4), s1);
                s2 = Fma.MultiplyAdd(Vector256.Load(x + i + 8), Vector256.Load(y + i + 8), s2);
                s3 = Fma.MultiplyAdd(Vector256.Load(x + i + 12), Vector256.Load(y + i + 12), s3);
            }
            sum = Vector256.Sum((s0 + s1) + (s2 + s3));
        }
        for (; i < length; i++)
        {
            sum += x[i] * y[i];
        }
        return sum;
    }
}
