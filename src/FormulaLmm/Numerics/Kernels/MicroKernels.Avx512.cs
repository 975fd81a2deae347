// Register-tiled micro-kernels. Written out in full (expanded from one template): every accumulator is a
// separate local so the JIT keeps the whole tile in vector registers (AVX-512 has 32 of them).
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FormulaLmm.Numerics;

internal static partial class MicroKernels
{
    /// <summary>C[24×8] -= Σ_p a_p b_pᵀ over k packed steps: a holds 24 rows per step, b holds 8 columns
    /// per step at stride <paramref name="bStride"/>; C is column-major with leading dimension ldc.</summary>
    [SkipLocalsInit, MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void V512x24x8Gemm(int k, double* a, double* b, nint bStride, double* c, nint ldc)
    {
        // Fetch the C tile now so its cache misses overlap the k loop instead of stalling the final update.
        for (int j = 0; j < 8; j++)
        {
            double* cj = c + j * ldc;
            Sse.Prefetch0(cj + 0);
            Sse.Prefetch0(cj + 8);
            Sse.Prefetch0(cj + 16);
            Sse.Prefetch0(cj + 23);
        }
        Vector512<double> c00 = Vector512<double>.Zero; Vector512<double> c01 = Vector512<double>.Zero; Vector512<double> c02 = Vector512<double>.Zero;
        Vector512<double> c10 = Vector512<double>.Zero; Vector512<double> c11 = Vector512<double>.Zero; Vector512<double> c12 = Vector512<double>.Zero;
        Vector512<double> c20 = Vector512<double>.Zero; Vector512<double> c21 = Vector512<double>.Zero; Vector512<double> c22 = Vector512<double>.Zero;
        Vector512<double> c30 = Vector512<double>.Zero; Vector512<double> c31 = Vector512<double>.Zero; Vector512<double> c32 = Vector512<double>.Zero;
        Vector512<double> c40 = Vector512<double>.Zero; Vector512<double> c41 = Vector512<double>.Zero; Vector512<double> c42 = Vector512<double>.Zero;
        Vector512<double> c50 = Vector512<double>.Zero; Vector512<double> c51 = Vector512<double>.Zero; Vector512<double> c52 = Vector512<double>.Zero;
        Vector512<double> c60 = Vector512<double>.Zero; Vector512<double> c61 = Vector512<double>.Zero; Vector512<double> c62 = Vector512<double>.Zero;
        Vector512<double> c70 = Vector512<double>.Zero; Vector512<double> c71 = Vector512<double>.Zero; Vector512<double> c72 = Vector512<double>.Zero;
        for (int p = 0; p < k; p++)
        {
            Vector512<double> a0 = Vector512.Load(a + 0);
            Vector512<double> a1 = Vector512.Load(a + 8);
            Vector512<double> a2 = Vector512.Load(a + 16);
            Vector512<double> b0 = Vector512.Create(b[0]);
            c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00);
            c01 = Avx512F.FusedMultiplyAdd(a1, b0, c01);
            c02 = Avx512F.FusedMultiplyAdd(a2, b0, c02);
            b0 = Vector512.Create(b[1]);
            c10 = Avx512F.FusedMultiplyAdd(a0, b0, c10);
            c11 = Avx512F.FusedMultiplyAdd(a1, b0, c11);
            c12 = Avx512F.FusedMultiplyAdd(a2, b0, c12);
            b0 = Vector512.Create(b[2]);
            c20 = Avx512F.FusedMultiplyAdd(a0, b0, c20);
            c21 = Avx512F.FusedMultiplyAdd(a1, b0, c21);
            c22 = Avx512F.FusedMultiplyAdd(a2, b0, c22);
            b0 = Vector512.Create(b[3]);
            c30 = Avx512F.FusedMultiplyAdd(a0, b0, c30);
            c31 = Avx512F.FusedMultiplyAdd(a1, b0, c31);
            c32 = Avx512F.FusedMultiplyAdd(a2, b0, c32);
            b0 = Vector512.Create(b[4]);
            c40 = Avx512F.FusedMultiplyAdd(a0, b0, c40);
            c41 = Avx512F.FusedMultiplyAdd(a1, b0, c41);
            c42 = Avx512F.FusedMultiplyAdd(a2, b0, c42);
            b0 = Vector512.Create(b[5]);
            c50 = Avx512F.FusedMultiplyAdd(a0, b0, c50);
            c51 = Avx512F.FusedMultiplyAdd(a1, b0, c51);
            c52 = Avx512F.FusedMultiplyAdd(a2, b0, c52);
            b0 = Vector512.Create(b[6]);
            c60 = Avx512F.FusedMultiplyAdd(a0, b0, c60);
            c61 = Avx512F.FusedMultiplyAdd(a1, b0, c61);
            c62 = Avx512F.FusedMultiplyAdd(a2, b0, c62);
            b0 = Vector512.Create(b[7]);
            c70 = Avx512F.FusedMultiplyAdd(a0, b0, c70);
            c71 = Avx512F.FusedMultiplyAdd(a1, b0, c71);
            c72 = Avx512F.FusedMultiplyAdd(a2, b0, c72);
            a += 24;
            b += bStride;
        }
        { double* cj = c;
          Vector512.Store(Vector512.Load(cj) - c00, cj);
          Vector512.Store(Vector512.Load(cj + 8) - c01, cj + 8);
          Vector512.Store(Vector512.Load(cj + 16) - c02, cj + 16);
        }
        { double* cj = c + 1 * ldc;
          Vector512.Store(Vector512.Load(cj) - c10, cj);
          Vector512.Store(Vector512.Load(cj + 8) - c11, cj + 8);
          Vector512.Store(Vector512.Load(cj + 16) - c12, cj + 16);
        }
        { double* cj = c + 2 * ldc;
          Vector512.Store(Vector512.Load(cj) - c20, cj);
          Vector512.Store(Vector512.Load(cj + 8) - c21, cj + 8);
          Vector512.Store(Vector512.Load(cj + 16) - c22, cj + 16);
        }
        { double* cj = c + 3 * ldc;
          Vector512.Store(Vector512.Load(cj) - c30, cj);
          Vector512.Store(Vector512.Load(cj + 8) - c31, cj + 8);
          Vector512.Store(Vector512.Load(cj + 16) - c32, cj + 16);
        }
        { double* cj = c + 4 * ldc;
          Vector512.Store(Vector512.Load(cj) - c40, cj);
          Vector512.Store(Vector512.Load(cj + 8) - c41, cj + 8);
          Vector512.Store(Vector512.Load(cj + 16) - c42, cj + 16);
        }
        { double* cj = c + 5 * ldc;
          Vector512.Store(Vector512.Load(cj) - c50, cj);
          Vector512.Store(Vector512.Load(cj + 8) - c51, cj + 8);
          Vector512.Store(Vector512.Load(cj + 16) - c52, cj + 16);
        }
        { double* cj = c + 6 * ldc;
          Vector512.Store(Vector512.Load(cj) - c60, cj);
          Vector512.Store(Vector512.Load(cj + 8) - c61, cj + 8);
          Vector512.Store(Vector512.Load(cj + 16) - c62, cj + 16);
        }
        { double* cj = c + 7 * ldc;
          Vector512.Store(Vector512.Load(cj) - c70, cj);
          Vector512.Store(Vector512.Load(cj + 8) - c71, cj + 8);
          Vector512.Store(Vector512.Load(cj + 16) - c72, cj + 16);
        }
    }

    /// <summary>Solves the 8 packed columns that follow the first k columns of a 24-row micro-panel against
    /// a lower-triangular block: x_c = (x_c - Σ_(p &lt; k) a_p L[c,p] - Σ_(c' &lt; c) x_c' L[c,c']) · invDiag[c]. b holds
    /// the 8 rows of L packed column by column (8 values per column) through column k+7.</summary>
    [SkipLocalsInit, MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void V512x24x8Trsm(int k, double* a, double* b, double* invDiag)
    {
        double* x = a + (nint)k * 24;
        Vector512<double> c00 = Vector512.Load(x + 0); Vector512<double> c01 = Vector512.Load(x + 8); Vector512<double> c02 = Vector512.Load(x + 16);
        Vector512<double> c10 = Vector512.Load(x + 24); Vector512<double> c11 = Vector512.Load(x + 32); Vector512<double> c12 = Vector512.Load(x + 40);
        Vector512<double> c20 = Vector512.Load(x + 48); Vector512<double> c21 = Vector512.Load(x + 56); Vector512<double> c22 = Vector512.Load(x + 64);
        Vector512<double> c30 = Vector512.Load(x + 72); Vector512<double> c31 = Vector512.Load(x + 80); Vector512<double> c32 = Vector512.Load(x + 88);
        Vector512<double> c40 = Vector512.Load(x + 96); Vector512<double> c41 = Vector512.Load(x + 104); Vector512<double> c42 = Vector512.Load(x + 112);
        Vector512<double> c50 = Vector512.Load(x + 120); Vector512<double> c51 = Vector512.Load(x + 128); Vector512<double> c52 = Vector512.Load(x + 136);
        Vector512<double> c60 = Vector512.Load(x + 144); Vector512<double> c61 = Vector512.Load(x + 152); Vector512<double> c62 = Vector512.Load(x + 160);
        Vector512<double> c70 = Vector512.Load(x + 168); Vector512<double> c71 = Vector512.Load(x + 176); Vector512<double> c72 = Vector512.Load(x + 184);
        for (int p = 0; p < k; p++)
        {
            Vector512<double> a0 = Vector512.Load(a + 0);
            Vector512<double> a1 = Vector512.Load(a + 8);
            Vector512<double> a2 = Vector512.Load(a + 16);
            Vector512<double> b0 = Vector512.Create(b[0]);
            c00 = Avx512F.FusedMultiplyAddNegated(a0, b0, c00);
            c01 = Avx512F.FusedMultiplyAddNegated(a1, b0, c01);
            c02 = Avx512F.FusedMultiplyAddNegated(a2, b0, c02);
            b0 = Vector512.Create(b[1]);
            c10 = Avx512F.FusedMultiplyAddNegated(a0, b0, c10);
            c11 = Avx512F.FusedMultiplyAddNegated(a1, b0, c11);
            c12 = Avx512F.FusedMultiplyAddNegated(a2, b0, c12);
            b0 = Vector512.Create(b[2]);
            c20 = Avx512F.FusedMultiplyAddNegated(a0, b0, c20);
            c21 = Avx512F.FusedMultiplyAddNegated(a1, b0, c21);
            c22 = Avx512F.FusedMultiplyAddNegated(a2, b0, c22);
            b0 = Vector512.Create(b[3]);
            c30 = Avx512F.FusedMultiplyAddNegated(a0, b0, c30);
            c31 = Avx512F.FusedMultiplyAddNegated(a1, b0, c31);
            c32 = Avx512F.FusedMultiplyAddNegated(a2, b0, c32);
            b0 = Vector512.Create(b[4]);
            c40 = Avx512F.FusedMultiplyAddNegated(a0, b0, c40);
            c41 = Avx512F.FusedMultiplyAddNegated(a1, b0, c41);
            c42 = Avx512F.FusedMultiplyAddNegated(a2, b0, c42);
            b0 = Vector512.Create(b[5]);
            c50 = Avx512F.FusedMultiplyAddNegated(a0, b0, c50);
            c51 = Avx512F.FusedMultiplyAddNegated(a1, b0, c51);
            c52 = Avx512F.FusedMultiplyAddNegated(a2, b0, c52);
            b0 = Vector512.Create(b[6]);
            c60 = Avx512F.FusedMultiplyAddNegated(a0, b0, c60);
            c61 = Avx512F.FusedMultiplyAddNegated(a1, b0, c61);
            c62 = Avx512F.FusedMultiplyAddNegated(a2, b0, c62);
            b0 = Vector512.Create(b[7]);
            c70 = Avx512F.FusedMultiplyAddNegated(a0, b0, c70);
            c71 = Avx512F.FusedMultiplyAddNegated(a1, b0, c71);
            c72 = Avx512F.FusedMultiplyAddNegated(a2, b0, c72);
            a += 24;
            b += 8;
        }
        // b now points at the diagonal block: L[c, c'] is b[c' * NR + c].
        { Vector512<double> s = Vector512.Create(invDiag[0]); c00 *= s; c01 *= s; c02 *= s; }
        { Vector512<double> l = Vector512.Create(b[1]); c10 = Avx512F.FusedMultiplyAddNegated(c00, l, c10); c11 = Avx512F.FusedMultiplyAddNegated(c01, l, c11); c12 = Avx512F.FusedMultiplyAddNegated(c02, l, c12); }
        { Vector512<double> s = Vector512.Create(invDiag[1]); c10 *= s; c11 *= s; c12 *= s; }
        { Vector512<double> l = Vector512.Create(b[2]); c20 = Avx512F.FusedMultiplyAddNegated(c00, l, c20); c21 = Avx512F.FusedMultiplyAddNegated(c01, l, c21); c22 = Avx512F.FusedMultiplyAddNegated(c02, l, c22); }
        { Vector512<double> l = Vector512.Create(b[10]); c20 = Avx512F.FusedMultiplyAddNegated(c10, l, c20); c21 = Avx512F.FusedMultiplyAddNegated(c11, l, c21); c22 = Avx512F.FusedMultiplyAddNegated(c12, l, c22); }
        { Vector512<double> s = Vector512.Create(invDiag[2]); c20 *= s; c21 *= s; c22 *= s; }
        { Vector512<double> l = Vector512.Create(b[3]); c30 = Avx512F.FusedMultiplyAddNegated(c00, l, c30); c31 = Avx512F.FusedMultiplyAddNegated(c01, l, c31); c32 = Avx512F.FusedMultiplyAddNegated(c02, l, c32); }
        { Vector512<double> l = Vector512.Create(b[11]); c30 = Avx512F.FusedMultiplyAddNegated(c10, l, c30); c31 = Avx512F.FusedMultiplyAddNegated(c11, l, c31); c32 = Avx512F.FusedMultiplyAddNegated(c12, l, c32); }
        { Vector512<double> l = Vector512.Create(b[19]); c30 = Avx512F.FusedMultiplyAddNegated(c20, l, c30); c31 = Avx512F.FusedMultiplyAddNegated(c21, l, c31); c32 = Avx512F.FusedMultiplyAddNegated(c22, l, c32); }
        { Vector512<double> s = Vector512.Create(invDiag[3]); c30 *= s; c31 *= s; c32 *= s; }
        { Vector512<double> l = Vector512.Create(b[4]); c40 = Avx512F.FusedMultiplyAddNegated(c00, l, c40); c41 = Avx512F.FusedMultiplyAddNegated(c01, l, c41); c42 = Avx512F.FusedMultiplyAddNegated(c02, l, c42); }
        { Vector512<double> l = Vector512.Create(b[12]); c40 = Avx512F.FusedMultiplyAddNegated(c10, l, c40); c41 = Avx512F.FusedMultiplyAddNegated(c11, l, c41); c42 = Avx512F.FusedMultiplyAddNegated(c12, l, c42); }
        { Vector512<double> l = Vector512.Create(b[20]); c40 = Avx512F.FusedMultiplyAddNegated(c20, l, c40); c41 = Avx512F.FusedMultiplyAddNegated(c21, l, c41); c42 = Avx512F.FusedMultiplyAddNegated(c22, l, c42); }
        { Vector512<double> l = Vector512.Create(b[28]); c40 = Avx512F.FusedMultiplyAddNegated(c30, l, c40); c41 = Avx512F.FusedMultiplyAddNegated(c31, l, c41); c42 = Avx512F.FusedMultiplyAddNegated(c32, l, c42); }
        { Vector512<double> s = Vector512.Create(invDiag[4]); c40 *= s; c41 *= s; c42 *= s; }
        { Vector512<double> l = Vector512.Create(b[5]); c50 = Avx512F.FusedMultiplyAddNegated(c00, l, c50); c51 = Avx512F.FusedMultiplyAddNegated(c01, l, c51); c52 = Avx512F.FusedMultiplyAddNegated(c02, l, c52); }
        { Vector512<double> l = Vector512.Create(b[13]); c50 = Avx512F.FusedMultiplyAddNegated(c10, l, c50); c51 = Avx512F.FusedMultiplyAddNegated(c11, l, c51); c52 = Avx512F.FusedMultiplyAddNegated(c12, l, c52); }
        { Vector512<double> l = Vector512.Create(b[21]); c50 = Avx512F.FusedMultiplyAddNegated(c20, l, c50); c51 = Avx512F.FusedMultiplyAddNegated(c21, l, c51); c52 = Avx512F.FusedMultiplyAddNegated(c22, l, c52); }
        { Vector512<double> l = Vector512.Create(b[29]); c50 = Avx512F.FusedMultiplyAddNegated(c30, l, c50); c51 = Avx512F.FusedMultiplyAddNegated(c31, l, c51); c52 = Avx512F.FusedMultiplyAddNegated(c32, l, c52); }
        { Vector512<double> l = Vector512.Create(b[37]); c50 = Avx512F.FusedMultiplyAddNegated(c40, l, c50); c51 = Avx512F.FusedMultiplyAddNegated(c41, l, c51); c52 = Avx512F.FusedMultiplyAddNegated(c42, l, c52); }
        { Vector512<double> s = Vector512.Create(invDiag[5]); c50 *= s; c51 *= s; c52 *= s; }
        { Vector512<double> l = Vector512.Create(b[6]); c60 = Avx512F.FusedMultiplyAddNegated(c00, l, c60); c61 = Avx512F.FusedMultiplyAddNegated(c01, l, c61); c62 = Avx512F.FusedMultiplyAddNegated(c02, l, c62); }
        { Vector512<double> l = Vector512.Create(b[14]); c60 = Avx512F.FusedMultiplyAddNegated(c10, l, c60); c61 = Avx512F.FusedMultiplyAddNegated(c11, l, c61); c62 = Avx512F.FusedMultiplyAddNegated(c12, l, c62); }
        { Vector512<double> l = Vector512.Create(b[22]); c60 = Avx512F.FusedMultiplyAddNegated(c20, l, c60); c61 = Avx512F.FusedMultiplyAddNegated(c21, l, c61); c62 = Avx512F.FusedMultiplyAddNegated(c22, l, c62); }
        { Vector512<double> l = Vector512.Create(b[30]); c60 = Avx512F.FusedMultiplyAddNegated(c30, l, c60); c61 = Avx512F.FusedMultiplyAddNegated(c31, l, c61); c62 = Avx512F.FusedMultiplyAddNegated(c32, l, c62); }
        { Vector512<double> l = Vector512.Create(b[38]); c60 = Avx512F.FusedMultiplyAddNegated(c40, l, c60); c61 = Avx512F.FusedMultiplyAddNegated(c41, l, c61); c62 = Avx512F.FusedMultiplyAddNegated(c42, l, c62); }
        { Vector512<double> l = Vector512.Create(b[46]); c60 = Avx512F.FusedMultiplyAddNegated(c50, l, c60); c61 = Avx512F.FusedMultiplyAddNegated(c51, l, c61); c62 = Avx512F.FusedMultiplyAddNegated(c52, l, c62); }
        { Vector512<double> s = Vector512.Create(invDiag[6]); c60 *= s; c61 *= s; c62 *= s; }
        { Vector512<double> l = Vector512.Create(b[7]); c70 = Avx512F.FusedMultiplyAddNegated(c00, l, c70); c71 = Avx512F.FusedMultiplyAddNegated(c01, l, c71); c72 = Avx512F.FusedMultiplyAddNegated(c02, l, c72); }
        { Vector512<double> l = Vector512.Create(b[15]); c70 = Avx512F.FusedMultiplyAddNegated(c10, l, c70); c71 = Avx512F.FusedMultiplyAddNegated(c11, l, c71); c72 = Avx512F.FusedMultiplyAddNegated(c12, l, c72); }
        { Vector512<double> l = Vector512.Create(b[23]); c70 = Avx512F.FusedMultiplyAddNegated(c20, l, c70); c71 = Avx512F.FusedMultiplyAddNegated(c21, l, c71); c72 = Avx512F.FusedMultiplyAddNegated(c22, l, c72); }
        { Vector512<double> l = Vector512.Create(b[31]); c70 = Avx512F.FusedMultiplyAddNegated(c30, l, c70); c71 = Avx512F.FusedMultiplyAddNegated(c31, l, c71); c72 = Avx512F.FusedMultiplyAddNegated(c32, l, c72); }
        { Vector512<double> l = Vector512.Create(b[39]); c70 = Avx512F.FusedMultiplyAddNegated(c40, l, c70); c71 = Avx512F.FusedMultiplyAddNegated(c41, l, c71); c72 = Avx512F.FusedMultiplyAddNegated(c42, l, c72); }
        { Vector512<double> l = Vector512.Create(b[47]); c70 = Avx512F.FusedMultiplyAddNegated(c50, l, c70); c71 = Avx512F.FusedMultiplyAddNegated(c51, l, c71); c72 = Avx512F.FusedMultiplyAddNegated(c52, l, c72); }
        { Vector512<double> l = Vector512.Create(b[55]); c70 = Avx512F.FusedMultiplyAddNegated(c60, l, c70); c71 = Avx512F.FusedMultiplyAddNegated(c61, l, c71); c72 = Avx512F.FusedMultiplyAddNegated(c62, l, c72); }
        { Vector512<double> s = Vector512.Create(invDiag[7]); c70 *= s; c71 *= s; c72 *= s; }
        Vector512.Store(c00, x + 0); Vector512.Store(c01, x + 8); Vector512.Store(c02, x + 16);
        Vector512.Store(c10, x + 24); Vector512.Store(c11, x + 32); Vector512.Store(c12, x + 40);
        Vector512.Store(c20, x + 48); Vector512.Store(c21, x + 56); Vector512.Store(c22, x + 64);
        Vector512.Store(c30, x + 72); Vector512.Store(c31, x + 80); Vector512.Store(c32, x + 88);
        Vector512.Store(c40, x + 96); Vector512.Store(c41, x + 104); Vector512.Store(c42, x + 112);
        Vector512.Store(c50, x + 120); Vector512.Store(c51, x + 128); Vector512.Store(c52, x + 136);
        Vector512.Store(c60, x + 144); Vector512.Store(c61, x + 152); Vector512.Store(c62, x + 160);
        Vector512.Store(c70, x + 168); Vector512.Store(c71, x + 176); Vector512.Store(c72, x + 184);
    }
}
