namespace FormulaLmm.Bench;

/// <summary>Entry point: the first argument names the benchmark mode.</summary>
internal static class BenchProgram
{
    public static int Run(string[] args)
    {
        string mode = args.Length > 0 ? args[0] : "";
        string[] rest = args.Skip(1).ToArray();
        switch (mode)
        {
            case "kernels":
                return KernelBenchmark.Run(rest);
            case "kernels-profile":
                return KernelProfile.Run(rest);
            case "kernels-tune":
                return KernelTuningSweep.Run(rest);
            default:
                Console.Error.WriteLine("usage: FormulaLmm.Bench kernels [n ...] | kernels-profile [n ...] | kernels-tune [n ...]");
                return 2;
        }
    }
}
