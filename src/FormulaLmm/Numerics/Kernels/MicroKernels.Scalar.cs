namespace FormulaLmm.Numerics;

internal static partial class MicroKernels
{
    internal const int ScalarRows = 4;
    internal const int ScalarColumns = 4;

    /// <summary>Portable 4×4 tile of C -= Σ_p a_p b_pᵀ (same packing contract as the vector tiles).</summary>
    internal static unsafe void ScalarGemm(int k, double* a, double* b, nint bStride, double* c, nint ldc)
    {
        double c00 = 0, c10 = 0, c20 = 0, c30 = 0, c01 = 0, c11 = 0, c21 = 0, c31 = 0;
        double c02 = 0, c12 = 0, c22 = 0, c32 = 0, c03 = 0, c13 = 0, c23 = 0, c33 = 0;
        for (int p = 0; p < k; p++)
        {
            double a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
            double b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3];
            c00 += a0 * b0; c10 += a1 * b0; c20 += a2 * b0; c30 += a3 * b0;
            c01 += a0 * b1; c11 += a1 * b1; c21 += a2 * b1; c31 += a3 * b1;
            c02 += a0 * b2; c12 += a1 * b2; c22 += a2 * b2; c32 += a3 * b2;
            c03 += a0 * b3; c13 += a1 * b3; c23 += a2 * b3; c33 += a3 * b3;
            a += ScalarRows;
            b += bStride;
        }
        double* cj = c;
        cj[0] -= c00; cj[1] -= c10; cj[2] -= c20; cj[3] -= c30; cj += ldc;
        cj[0] -= c01; cj[1] -= c11; cj[2] -= c21; cj[3] -= c31; cj += ldc;
        cj[0] -= c02; cj[1] -= c12; cj[2] -= c22; cj[3] -= c32; cj += ldc;
        cj[0] -= c03; cj[1] -= c13; cj[2] -= c23; cj[3] -= c33;
    }

    /// <summary>Portable version of the packed triangular tile solve (see <see cref="V512x24x8Trsm"/>).</summary>
    internal static unsafe void ScalarTrsm(int k, double* a, double* b, double* invDiag)
    {
        double* x = a + (nint)k * ScalarRows;
        for (int r = 0; r < ScalarRows; r++)
        {
            for (int c = 0; c < ScalarColumns; c++)
            {
                double s = x[c * ScalarRows + r];
                for (int p = 0; p < k; p++)
                {
                    s -= a[p * ScalarRows + r] * b[p * ScalarColumns + c];
                }
                double* d = b + (nint)k * ScalarColumns;
                for (int cp = 0; cp < c; cp++)
                {
                    s -= x[cp * ScalarRows + r] * d[cp * ScalarColumns + c];
                }
                x[c * ScalarRows + r] = s * invDiag[c];
            }
        }
    }
}
