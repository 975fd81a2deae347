using System.Diagnostics;
using FormulaLmm.Numerics;

namespace FormulaLmm.Bench;

/// <summary>Where a blocked Cholesky spends its time: the same outer loop as the library's, timed per phase
/// (diagonal blocks, panel solves, trailing updates), on one thread and on all.</summary>
internal static unsafe class KernelProfile
{
    public static int Run(string[] args)
    {
        int[] sizes = args.Length > 0 ? args.Select(int.Parse).ToArray() : [1128, 2500];
        MicroKernelPeak();
        Console.WriteLine("| n | threads | diagonal blocks ms | panel solves ms | trailing updates ms | total ms | GFLOP/s |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (int n in sizes)
        {
            double[] spd = KernelBenchmark.RandomSpd(n, seed: n);
            double[] work = new double[spd.Length];
            foreach (int threads in new[] { 1, Environment.ProcessorCount })
            {
                var ws = new KernelWorkspace(threads);
                ws.Reserve(n);
                var best = new double[4];
                Array.Fill(best, double.MaxValue);
                for (int r = 0; r < 15; r++)
                {
                    spd.CopyTo(work, 0);
                    double[] t = Profile(ws, work, n);
                    if (t[3] < best[3])
                    {
                        best = t;
                    }
                }
                double flops = (double)n * n * n / 3;
                Console.WriteLine($"| {n} | {threads} | {best[0] * 1e3:F2} | {best[1] * 1e3:F2} | {best[2] * 1e3:F2} | {best[3] * 1e3:F2} | {flops / best[3] / 1e9:F1} |");
            }
        }
        return 0;
    }

    /// <summary>One core's ceiling: the 24×8 AVX-512 tile with its operands resident in L1, k = 256.</summary>
    private static void MicroKernelPeak()
    {
        if (!SimdSupport.IsSupported(SimdLevel.Vector512))
        {
            return;
        }
        const int k = 256, calls = 20000;
        var a = new AlignedBuffer();
        var b = new AlignedBuffer();
        var c = new AlignedBuffer();
        a.EnsureCapacity(24 * k);
        b.EnsureCapacity(8 * k);
        c.EnsureCapacity(24 * 8);
        new Span<double>(a.Pointer, 24 * k).Fill(1e-3);
        new Span<double>(b.Pointer, 8 * k).Fill(1e-3);
        new Span<double>(c.Pointer, 24 * 8).Clear();
        double best = double.MaxValue;
        for (int r = 0; r < 7; r++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < calls; i++)
            {
                MicroKernels.V512x24x8Gemm(k, a.Pointer, b.Pointer, 8, c.Pointer, 24);
            }
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        double flops = 2.0 * 24 * 8 * k * calls;
        Console.WriteLine($"24×8 AVX-512 micro-kernel, operands in L1, k = {k}: {flops / best / 1e9:F1} GFLOP/s on one core");
        Console.WriteLine();
    }

    private static double[] Profile(KernelWorkspace ws, double[] matrix, int n)
    {
        var times = new double[4];
        long start = Stopwatch.GetTimestamp();
        fixed (double* a = matrix)
        {
            int nb = ws.Tuning.CholeskyBlock;
            for (int k0 = 0; k0 < n; k0 += nb)
            {
                int kb = Math.Min(nb, n - k0);
                double* d = a + k0 + (nint)k0 * n;
                long t0 = Stopwatch.GetTimestamp();
                LevelThree.Factor(ws, d, kb, n);
                long t1 = Stopwatch.GetTimestamp();
                times[0] += Stopwatch.GetElapsedTime(t0, t1).TotalSeconds;
                int m = n - k0 - kb;
                if (m == 0)
                {
                    break;
                }
                LevelThree.SolvePanel(ws, d, n, d + kb, n, m, kb);
                long t2 = Stopwatch.GetTimestamp();
                times[1] += Stopwatch.GetElapsedTime(t1, t2).TotalSeconds;
                LevelThree.SyrkPacked(ws, ws.PackedA.Pointer, Packing.RoundUp(kb, ws.TileColumns), m, kb, d + kb + (nint)kb * n, n);
                times[2] += Stopwatch.GetElapsedTime(t2).TotalSeconds;
            }
        }
        times[3] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return times;
    }
}
