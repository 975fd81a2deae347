using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using FormulaLmm.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace FormulaLmm.Bench;

/// <summary>
/// Dense Cholesky speed: FormulaLmm's blocked kernel on all cores and on one core, MathNet.Numerics 5's
/// managed Cholesky, and a plain scalar loop, for SPD matrices of the orders a mixed-model fit meets
/// (InstEval's dense block is 1128). Prints a markdown table of median times and GFLOP/s (n³/3 flops).
/// </summary>
internal static class KernelBenchmark
{
    private static readonly int[] DefaultSizes = [500, 1128, 2500, 4000];

    public static int Run(string[] args)
    {
        int[] sizes = args.Length > 0 ? args.Select(int.Parse).ToArray() : DefaultSizes;
        MathNet.Numerics.Control.UseManaged();
        Console.WriteLine($"# Dense kernels ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {LoadAverage()}): {Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}, " +
                          $"AVX-512F {Avx512F.IsSupported}, FMA {Fma.IsSupported}, Vector512 accelerated {Vector512.IsHardwareAccelerated}, " +
                          $".NET {Environment.Version}");
        Console.WriteLine();
        Console.WriteLine("Cholesky (lower, in place): median and fastest wall time of the runs; GFLOP/s = (n³/3) / time.");
        Console.WriteLine();
        Console.WriteLine("| n | implementation | runs | median ms | GFLOP/s | fastest ms | GFLOP/s |");
        Console.WriteLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (int n in sizes)
        {
            double[] spd = RandomSpd(n, seed: n);
            double[] work = new double[spd.Length];
            double flops = (double)n * n * n / 3.0;
            int repeats = n <= 1500 ? 21 : 9;
            bool large = n > 1500;

            var all = new KernelWorkspace();
            var one = new KernelWorkspace(1);
            Row(n, $"FormulaLmm, {all.MaxDegreeOfParallelism} threads", flops, repeats,
                Timing.Measure(() => spd.CopyTo(work, 0), () => Check(DenseCholesky.Factor(work, n, n, all)), 2, repeats, 30));
            Row(n, "FormulaLmm, 1 thread", flops, repeats,
                Timing.Measure(() => spd.CopyTo(work, 0), () => Check(DenseCholesky.Factor(work, n, n, one)), 1, repeats, 30));

            Matrix<double> full = Matrix<double>.Build.Dense(n, n, (i, j) => i >= j ? spd[i + j * n] : spd[j + i * n]);
            Row(n, "MathNet 5.0.0 managed `Cholesky()`", flops, large ? 3 : 5,
                Timing.Measure(() => { }, () => full.Cholesky(), large ? 0 : 1, large ? 3 : 5, 40));
            Row(n, "naive scalar loop", flops, large ? 3 : 5,
                Timing.Measure(() => spd.CopyTo(work, 0), () => Check(NaiveCholesky(work, n)), large ? 0 : 1, large ? 3 : 5, 40));
        }

        Console.WriteLine();
        Console.WriteLine("Symmetric rank-k update C -= A·Aᵀ (lower triangle, A n×k): median (fastest); GFLOP/s = n²k / time.");
        Console.WriteLine();
        Console.WriteLine("| n | k | all threads | 1 thread |");
        Console.WriteLine("| ---: | ---: | ---: | ---: |");
        foreach (int n in sizes.Where(s => s <= 2500))
        {
            int k = 256;
            var rng = new Random(7);
            double[] a = Enumerable.Range(0, n * k).Select(_ => rng.NextDouble() - 0.5).ToArray();
            double[] c = new double[n * n];
            double flops = (double)n * n * k;
            var all = new KernelWorkspace();
            var one = new KernelWorkspace(1);
            var tAll = Timing.Measure(() => { }, () => DenseKernels.SyrkLowerSubtract(n, k, a, n, c, n, all), 2, 21, 10);
            var tOne = Timing.Measure(() => { }, () => DenseKernels.SyrkLowerSubtract(n, k, a, n, c, n, one), 2, 21, 10);
            Console.WriteLine($"| {n} | {k} | {Cell(tAll.Median, flops)} ({flops / tAll.Min / 1e9:F1}) | {Cell(tOne.Median, flops)} ({flops / tOne.Min / 1e9:F1}) |");
        }

        Console.WriteLine();
        ReportAllocations(sizes.Min());
        Console.WriteLine($"Load average at the end: {LoadAverage()}");
        return 0;
    }

    /// <summary>The 1-minute load average on Linux (other processes competing for the cores), else "n/a".</summary>
    public static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private static void ReportAllocations(int n)
    {
        double[] spd = RandomSpd(n, seed: 1);
        double[] work = new double[spd.Length];
        foreach (int threads in new[] { 1, Environment.ProcessorCount })
        {
            var ws = new KernelWorkspace(threads);
            spd.CopyTo(work, 0);
            DenseCholesky.Factor(work, n, n, ws);
            long before = GC.GetAllocatedBytesForCurrentThread();
            const int runs = 10;
            for (int r = 0; r < runs; r++)
            {
                spd.CopyTo(work, 0);
                DenseCholesky.Factor(work, n, n, ws);
            }
            long bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / runs;
            Console.WriteLine($"Managed allocation per factorisation on the calling thread (n = {n}, {threads} thread(s), warm workspace): {bytes} bytes");
        }
    }

    private static void Row(int n, string name, double flops, int runs, (double Median, double Min) t) =>
        Console.WriteLine($"| {n} | {name} | {runs} | {t.Median * 1e3:F1} | {flops / t.Median / 1e9:F1} | {t.Min * 1e3:F1} | {flops / t.Min / 1e9:F1} |");

    private static string Cell(double seconds, double flops) =>
        double.IsNaN(seconds) ? "–" : $"{seconds * 1e3:F1} ms ({flops / seconds / 1e9:F1} GFLOP/s)";

    private static void Check(int info)
    {
        if (info != 0)
        {
            throw new InvalidOperationException($"Benchmark matrix not positive definite at column {info}.");
        }
    }

    /// <summary>Random SPD matrix (both triangles filled): symmetric, strictly diagonally dominant.</summary>
    public static double[] RandomSpd(int n, int seed)
    {
        var rng = new Random(seed);
        var a = new double[n * n];
        for (int j = 0; j < n; j++)
        {
            a[j + j * n] = n + rng.NextDouble();
            for (int i = j + 1; i < n; i++)
            {
                double v = 2 * rng.NextDouble() - 1;
                a[i + j * n] = v;
                a[j + i * n] = v;
            }
        }
        return a;
    }

    /// <summary>The straightforward scalar Cholesky one writes first: right-looking, column-major,
    /// unit-stride inner loop, no blocking and no explicit vectors.</summary>
    public static int NaiveCholesky(double[] a, int n)
    {
        for (int j = 0; j < n; j++)
        {
            double d = a[j + j * n];
            if (!(d > 0))
            {
                return j + 1;
            }
            d = Math.Sqrt(d);
            a[j + j * n] = d;
            for (int i = j + 1; i < n; i++)
            {
                a[i + j * n] /= d;
            }
            for (int k = j + 1; k < n; k++)
            {
                double f = a[k + j * n];
                int ck = k * n, cj = j * n;
                for (int i = k; i < n; i++)
                {
                    a[i + ck] -= a[i + cj] * f;
                }
            }
        }
        return 0;
    }
}
