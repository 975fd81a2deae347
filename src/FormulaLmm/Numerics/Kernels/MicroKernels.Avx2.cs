// Register-tiled micro-kernels. Written out in full (expanded from one template): every accumulator is a
// separate local so the JIT keeps the whole tile in vector registers (AVX-512 has 32 of them).
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FormulaLmm.Numerics;

internal static partial class MicroKernels
{
    /// <summary>C[12×4] -= Σ_p a_p b_pᵀ over k packed steps: a holds 12 rows per step, b holds 4 columns
    /// per step at stride <paramref name="bStride"/>; C is column-major with leading dimension ldc.</summary>
    [SkipLocalsInit, MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void V256x12x4Gemm(int k, double* a, double* b, nint bStride, double* c, nint ldc)
    {
        // Fetch the C tile now so its cache misses overlap the k loop instead of stalling the final update.
        for (int j = 0; j < 4; j++)
        {
            double* cj = c + j * ldc;
            Sse.Prefetch0(cj + 0);
            Sse.Prefetch0(cj + 4);
            Sse.Prefetch0(cj + 8);
            Sse.Prefetch0(cj + 11);
        }
        Vector256<double> c00 = Vector256<double>.Zero; Vector256<double> c01 = Vector256<double>.Zero; Vector256<double> c02 = Vector256<double>.Zero;
        Vector256<double> c10 = Vector256<double>.Zero; Vector256<double> c11 = Vector256<double>.Zero; Vector256<double> c12 = Vector256<double>.Zero;
        Vector256<double> c20 = Vector256<double>.Zero; Vector256<double> c21 = Vector256<double>.Zero; Vector256<double> c22 = Vector256<double>.Zero;
        Vector256<double> c30 = Vector256<double>.Zero; Vector256<double> c31 = Vector256<double>.Zero; Vector256<double> c32 = Vector256<double>.Zero;
        for (int p = 0; p < k; p++)
        {
            Vector256<double> a0 = Vector256.Load(a + 0);
            Vector256<double> a1 = Vector256.Load(a + 4);
            Vector256<double> a2 = Vector256.Load(a + 8);
            Vector256<double> b0 = Vector256.Create(b[0]);
            c00 = Fma.MultiplyAdd(a0, b0, c00);
            c01 = Fma.MultiplyAdd(a1, b0, c01);
            c02 = Fma.MultiplyAdd(a2, b0, c02);
            b0 = Vector256.Create(b[1]);
            c10 = Fma.MultiplyAdd(a0, b0, c10);
            c11 = Fma.MultiplyAdd(a1, b0, c11);
            c12 = Fma.MultiplyAdd(a2, b0, c12);
            b0 = Vector256.Create(b[2]);
            c20 = Fma.MultiplyAdd(a0, b0, c20);
            c21 = Fma.MultiplyAdd(a1, b0, c21);
            c22 = Fma.MultiplyAdd(a2, b0, c22);
            b0 = Vector256.Create(b[3]);
            c30 = Fma.MultiplyAdd(a0, b0, c30);
            c31 = Fma.MultiplyAdd(a1, b0, c31);
            c32 = Fma.MultiplyAdd(a2, b0, c32);
            a += 12;
            b += bStride;
        }
        { double* cj = c;
          Vector256.Store(Vector256.Load(cj) - c00, cj);
          Vector256.Store(Vector256.Load(cj + 4) - c01, cj + 4);
          Vector256.Store(Vector256.Load(cj + 8) - c02, cj + 8);
        }
        { double* cj = c + 1 * ldc;
          Vector256.Store(Vector256.Load(cj) - c10, cj);
          Vector256.Store(Vector256.Load(cj + 4) - c11, cj + 4);
          Vector256.Store(Vector256.Load(cj + 8) - c12, cj + 8);
        }
        { double* cj = c + 2 * ldc;
          Vector256.Store(Vector256.Load(cj) - c20, cj);
          Vector256.Store(Vector256.Load(cj + 4) - c21, cj + 4);
          Vector256.Store(Vector256.Load(cj + 8) - c22, cj + 8);
        }
        { double* cj = c + 3 * ldc;
          Vector256.Store(Vector256.Load(cj) - c30, cj);
          Vector256.Store(Vector256.Load(cj + 4) - c31, cj + 4);
          Vector256.Store(Vector256.Load(cj + 8) - c32, cj + 8);
        }
    }

    /// <summary>Solves the 4 packed columns that follow the first k columns of a 12-row micro-panel against
    /// a lower-triangular block: x_c = (x_c - Σ_(p &lt; k) a_p L[c,p] - Σ_(c' &lt; c) x_c' L[c,c']) · invDiag[c]. b holds
    /// the 4 rows of L packed column by column (4 values per column) through column k+3.</summary>
    [SkipLocalsInit, MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void V256x12x4Trsm(int k, double* a, double* b, double* invDiag)
    {
        double* x = a + (nint)k * 12;
        Vector256<double> c00 = Vector256.Load(x + 0); Vector256<double> c01 = Vector256.Load(x + 4); Vector256<double> c02 = Vector256.Load(x + 8);
        Vector256<double> c10 = Vector256.Load(x + 12); Vector256<double> c11 = Vector256.Load(x + 16); Vector256<double> c12 = Vector256.Load(x + 20);
        Vector256<double> c20 = Vector256.Load(x + 24); Vector256<double> c21 = Vector256.Load(x + 28); Vector256<double> c22 = Vector256.Load(x + 32);
        Vector256<double> c30 = Vector256.Load(x + 36); Vector256<double> c31 = Vector256.Load(x + 40); Vector256<double> c32 = Vector256.Load(x + 44);
        for (int p = 0; p < k; p++)
        {
            Vector256<double> a0 = Vector256.Load(a + 0);
            Vector256<double> a1 = Vector256.Load(a + 4);
            Vector256<double> a2 = Vector256.Load(a + 8);
            Vector256<double> b0 = Vector256.Create(b[0]);
            c00 = Fma.MultiplyAddNegated(a0, b0, c00);
            c01 = Fma.MultiplyAddNegated(a1, b0, c01);
            c02 = Fma.MultiplyAddNegated(a2, b0, c02);
            b0 = Vector256.Create(b[1]);
            c10 = Fma.MultiplyAddNegated(a0, b0, c10);
            c11 = Fma.MultiplyAddNegated(a1, b0, c11);
            c12 = Fma.MultiplyAddNegated(a2, b0, c12);
            b0 = Vector256.Create(b[2]);
            c20 = Fma.MultiplyAddNegated(a0, b0, c20);
            c21 = Fma.MultiplyAddNegated(a1, b0, c21);
            c22 = Fma.MultiplyAddNegated(a2, b0, c22);
            b0 = Vector256.Create(b[3]);
            c30 = Fma.MultiplyAddNegated(a0, b0, c30);
            c31 = Fma.MultiplyAddNegated(a1, b0, c31);
            c32 = Fma.MultiplyAddNegated(a2, b0, c32);
            a += 12;
            b += 4;
        }
        // b now points at the diagonal block: L[c, c'] is b[c' * NR + c].
        { Vector256<double> s = Vector256.Create(invDiag[0]); c00 *= s; c01 *= s; c02 *= s; }
        { Vector256<double> l = Vector256.Create(b[1]); c10 = Fma.MultiplyAddNegated(c00, l, c10); c11 = Fma.MultiplyAddNegated(c01, l, c11); c12 = Fma.MultiplyAddNegated(c02, l, c12); }
        { Vector256<double> s = Vector256.Create(invDiag[1]); c10 *= s; c11 *= s; c12 *= s; }
        { Vector256<double> l = Vector256.Create(b[2]); c20 = Fma.MultiplyAddNegated(c00, l, c20); c21 = Fma.MultiplyAddNegated(c01, l, c21); c22 = Fma.MultiplyAddNegated(c02, l, c22); }
        { Vector256<double> l = Vector256.Create(b[6]); c20 = Fma.MultiplyAddNegated(c10, l, c20); c21 = Fma.MultiplyAddNegated(c11, l, c21); c22 = Fma.MultiplyAddNegated(c12, l, c22); }
        { Vector256<double> s = Vector256.Create(invDiag[2]); c20 *= s; c21 *= s; c22 *= s; }
        { Vector256<double> l = Vector256.Create(b[3]); c30 = Fma.MultiplyAddNegated(c00, l, c30); c31 = Fma.MultiplyAddNegated(c01, l, c31); c32 = Fma.MultiplyAddNegated(c02, l, c32); }
        { Vector256<double> l = Vector256.Create(b[7]); c30 = Fma.MultiplyAddNegated(c10, l, c30); c31 = Fma.MultiplyAddNegated(c11, l, c31); c32 = Fma.MultiplyAddNegated(c12, l, c32); }
        { Vector256<double> l = Vector256.Create(b[11]); c30 = Fma.MultiplyAddNegated(c20, l, c30); c31 = Fma.MultiplyAddNegated(c21, l, c31); c32 = Fma.MultiplyAddNegated(c22, l, c32); }
        { Vector256<double> s = Vector256.Create(invDiag[3]); c30 *= s; c31 *= s; c32 *= s; }
        Vector256.Store(c00, x + 0); Vector256.Store(c01, x + 4); Vector256.Store(c02, x + 8);
        Vector256.Store(c10, x + 12); Vector256.Store(c11, x + 16); Vector256.Store(c12, x + 20);
        Vector256.Store(c20, x + 24); Vector256.Store(c21, x + 28); Vector256.Store(c22, x + 32);
        Vector256.Store(c30, x + 36); Vector256.Store(c31, x + 40); Vector256.Store(c32, x + 44);
    }
}
