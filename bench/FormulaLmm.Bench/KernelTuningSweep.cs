using FormulaLmm.Numerics;

namespace FormulaLmm.Bench;

/// <summary>Sweeps the Cholesky panel width and the rows per parallel work item, to justify the defaults in
/// <c>KernelTuning</c>. Prints the best GFLOP/s (n³/3 flops) of seven runs on all cores and on one.</summary>
internal static class KernelTuningSweep
{
    public static int Run(string[] args)
    {
        int[] sizes = args.Length > 0 ? args.Select(int.Parse).ToArray() : [1128, 2500];
        Console.WriteLine("| n | panel | rows/item | all cores GFLOP/s | 1 core GFLOP/s |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: |");
        foreach (int n in sizes)
        {
            double[] spd = KernelBenchmark.RandomSpd(n, seed: n);
            double[] work = new double[spd.Length];
            double flops = (double)n * n * n / 3.0;
            foreach (int block in new[] { 64, 96, 128, 192, 256 })
            {
                foreach (int rows in new[] { 48, 96, 192 })
                {
                    var tuning = KernelTuning.Default with { CholeskyBlock = block, RowsPerItem = rows };
                    var all = new KernelWorkspace(Environment.ProcessorCount, SimdSupport.Best, tuning);
                    var one = new KernelWorkspace(1, SimdSupport.Best, tuning);
                    // Fastest of the runs: comparisons between settings survive other processes' load better.
                    double tAll = Timing.Measure(() => spd.CopyTo(work, 0), () => DenseCholesky.Factor(work, n, n, all), 1, 7, 5).Min;
                    double tOne = Timing.Measure(() => spd.CopyTo(work, 0), () => DenseCholesky.Factor(work, n, n, one), 1, 7, 5).Min;
                    Console.WriteLine($"| {n} | {block} | {rows} | {flops / tAll / 1e9:F1} | {flops / tOne / 1e9:F1} |");
                }
            }
        }
        return 0;
    }
}
