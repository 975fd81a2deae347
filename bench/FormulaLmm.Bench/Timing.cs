using System.Diagnostics;

namespace FormulaLmm.Bench;

/// <summary>Median wall time of repeated runs after warm-up, with an untimed set-up before each run.</summary>
internal static class Timing
{
    public static double MedianSeconds(Action setup, Action run, int warmups, int repeats, double budgetSeconds) =>
        Measure(setup, run, warmups, repeats, budgetSeconds).Median;

    /// <summary>Median and fastest of the timed runs (the fastest shows the machine's capability when other
    /// processes compete for the cores).</summary>
    public static (double Median, double Min) Measure(Action setup, Action run, int warmups, int repeats, double budgetSeconds)
    {
        for (int i = 0; i < warmups; i++)
        {
            setup();
            run();
        }
        var times = new List<double>();
        var budget = Stopwatch.StartNew();
        while (times.Count < repeats && (times.Count == 0 || budget.Elapsed.TotalSeconds < budgetSeconds))
        {
            setup();
            long start = Stopwatch.GetTimestamp();
            run();
            times.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        times.Sort();
        int count = times.Count;
        double median = count % 2 == 1 ? times[count / 2] : 0.5 * (times[count / 2 - 1] + times[count / 2]);
        return (median, times[0]);
    }
}
