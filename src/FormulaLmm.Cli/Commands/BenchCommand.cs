using System.Globalization;
using System.Text;
using System.Text.Json;
using FormulaLmm.Benchmarks;

namespace FormulaLmm.Cli.Commands;

/// <summary>formula-lmm bench: times load, design, fit and one objective evaluation for the issue-6 cases.</summary>
public sealed class BenchCommand : ICliCommand
{
    public string Name => "bench";
    public string Summary => "time data loading, design building and fitting on the benchmark models";
    public string Help => """
        Usage: formula-lmm bench [--case a,b] [--data-dir DIR] [--insteval X] [--warmup N]
                                 [--repeat N] [--budget S] [--eval-repeat N] [--ftol-rel X] [--json]
               formula-lmm bench --scaling rows|levels [--sizes a,b] [--plot FILE.png]

        Times, for each benchmark model, in this process: reading the data, building the
        design, the fit (median of the timed fits; a large case is fitted once, cold, as the
        fit command would), its parts (set-up, optimiser, post-fit), the number of objective
        evaluations, the median time of one evaluation at the estimate and the managed memory
        it allocates, the peak working set of the process, and the objective.

        Cases: sleepstudy (REML), penicillin (REML), insteval (ML,
        y ~ 1 + factor(service) + (1 | s) + (1 | d) + (1 | dept)), big_nested (REML,
        y ~ x + (1 + x | subj)), big_crossed (REML, y ~ x + (1 | subj) + (1 | item)).
        big_nested.csv and big_crossed.csv are written by ../shared/bench/make_big.R.

        Options:
          --case a,b       cases to run (default: all)
          --data-dir DIR   folder holding big_nested.csv and big_crossed.csv (default: .)
          --insteval X     InstEval as a CSV file, or the embedded data set (default: InstEval)
          --warmup N       untimed fits first (default: 20 for small cases, 0 for large ones)
          --repeat N       timed fits (default: up to 200 for small cases within the budget, 1 for large)
          --budget S       seconds after which timed fits stop repeating (default: 10)
          --eval-repeat N  evaluations at the estimate timed one by one (default: 20)
          --ftol-rel X     the optimiser's relative function tolerance (default 0, lme4's; 1e-10
                           ends BOBYQA's slow final creep on large models, see docs/performance.md)
          --json           one JSON object per case, one per line

        Scaling curves (generated data, as ../shared/bench/make_big.R simulates it):
          --scaling rows   y ~ x + (1 + x | subj), 50 rows per subject, 10,000 to 1,000,000 rows
          --scaling levels y ~ x + (1 | subj) + (1 | item), 6,000 subjects, 400,000 rows, 500 to
                           5,000 items (the crossed factor that fills in to a dense block)
          --sizes a,b      the rows or item counts to fit (default: the ranges above)
          --plot FILE.png  also draw fit time and time per evaluation against size, log-log, with
                           the expected order of growth as a reference line

        The peak working set is the process's: run one case per process for a per-case figure
        (bench/run-vs-lme4.sh does, and times lme4 on the same data in the same run).

        Examples:
          formula-lmm bench --case sleepstudy,penicillin
          formula-lmm bench --case big_nested --data-dir /tmp/bench --json

        """;

    public int Run(CommandArguments args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Option("scaling") is { } scaling) return RunScaling(scaling, args, stdout);
        bool json = args.Flag("json");
        string dataDir = args.Option("data-dir") ?? ".";
        string instEval = args.Option("insteval") ?? "InstEval";
        string? caseList = args.Option("case");
        var options = new BenchmarkOptions
        {
            Warmups = OptionalInt(args, "warmup"),
            Repeats = OptionalInt(args, "repeat"),
            BudgetSeconds = OptionalDouble(args, "budget") ?? 10.0,
            EvaluationRepeats = OptionalInt(args, "eval-repeat") ?? 20,
        };
        var fitOptions = new Fitting.FitOptions { RelativeTolerance = OptionalDouble(args, "ftol-rel") ?? 0.0 };
        args.EnsureAllRead();
        if (args.Positional.Count > 0) throw new UsageException($"unexpected argument '{args.Positional[0]}'");

        var all = BenchmarkCases.All(dataDir, instEval);
        var cases = all.ToList();
        if (caseList is not null)
        {
            var names = caseList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            cases = new List<BenchmarkCase>();
            foreach (var name in names)
                cases.Add(all.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
                    ?? throw new UsageException($"unknown case '{name}'; cases: {string.Join(", ", all.Select(c => c.Name))}"));
        }

        if (!json)
        {
            stdout.WriteLine($"# formula-lmm bench, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {BenchmarkRunner.LoadAverage()}");
            stdout.WriteLine();
            stdout.WriteLine("| case | rows | q | load s | design s | fit s | fits | setup s | optimiser s | post-fit s | evals | ms/eval | scale/sparse/dense ms | dense n | bytes/eval | peak MB | objective |");
            stdout.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        }
        foreach (var c in cases)
        {
            var r = BenchmarkRunner.Run(c, options, fitOptions);
            stdout.WriteLine(json ? Json(r) : Row(r));
            stdout.Flush();
        }
        return ExitCodes.Success;
    }

    private static int RunScaling(string kind, CommandArguments args, TextWriter stdout)
    {
        string? plot = args.Option("plot");
        string? sizes = args.Option("sizes");
        args.EnsureAllRead();
        if (kind is not ("rows" or "levels")) throw new UsageException($"--scaling is rows or levels, not '{kind}'");
        int[] list = sizes is null
            ? (kind == "rows" ? ScalingCurves.DefaultRows : ScalingCurves.DefaultLevels)
            : sizes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(v => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0
                    ? n : throw new UsageException($"--sizes needs whole numbers > 0, not '{v}'")).ToArray();
        string what = kind == "rows" ? "rows" : "items";
        stdout.WriteLine($"# formula-lmm bench --scaling {kind}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {BenchmarkRunner.LoadAverage()}");
        stdout.WriteLine();
        stdout.WriteLine($"| {what} | rows | q | dense n | fit s | setup s | optimiser s | post-fit s | evals | ms/eval |");
        stdout.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        void Row(ScalingPoint p)
        {
            stdout.WriteLine($"| {p.Size} | {p.Rows} | {p.RandomEffects} | {p.DenseOrder} | {F(p.FitSeconds, "0.000")} | {F(p.SetupSeconds, "0.000")} | " +
                $"{F(p.OptimizerSeconds, "0.000")} | {F(p.PostFitSeconds, "0.000")} | {p.Evaluations} | {F(p.EvaluationSeconds * 1e3, "0.000")} |");
            stdout.Flush();
        }
        var points = kind == "rows" ? ScalingCurves.Rows(list, Row) : ScalingCurves.Levels(list, progress: Row);
        stdout.WriteLine($"load average at the end {BenchmarkRunner.LoadAverage()}");
        if (plot is not null) ScalingPlot.Save(points, kind == "rows", plot);
        return ExitCodes.Success;
    }

    private static int? OptionalInt(CommandArguments args, string name)
    {
        var v = args.Option(name);
        if (v is null) return null;
        return int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= 0
            ? n : throw new UsageException($"--{name} needs a whole number ≥ 0, not '{v}'");
    }

    private static double? OptionalDouble(CommandArguments args, string name)
    {
        var v = args.Option(name);
        if (v is null) return null;
        return double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && x >= 0
            ? x : throw new UsageException($"--{name} needs a number ≥ 0, not '{v}'");
    }

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);

    private static string Row(BenchmarkResult r) =>
        $"| {r.Case} | {r.Rows} | {r.RandomEffectCount} | {F(r.LoadSeconds, "0.000")} | {F(r.DesignSeconds, "0.000")} | " +
        $"{F(r.FitSeconds, r.FitSeconds < 0.1 ? "0.00000" : "0.000")} | {r.FitRuns} | {F(r.SetupSeconds, "0.0000")} | {F(r.OptimizerSeconds, "0.0000")} | " +
        $"{F(r.PostFitSeconds, "0.0000")} | {r.Evaluations} | {F(r.EvaluationSeconds * 1e3, "0.000")} | {Phases(r.EvaluationPhases)} | {r.EvaluationPhases?.DenseOrder} | {F(r.AllocatedBytesPerEvaluation, "0")} | " +
        $"{F(r.PeakWorkingSetBytes / 1048576.0, "0")} | {F(r.Objective, "0.000000")} |";

    private static string Phases(EvaluationPhases? p) =>
        p is null ? "" : $"{F(p.Scale * 1e3, "0.000")} / {F(p.Sparse * 1e3, "0.000")} / {F(p.Dense * 1e3, "0.000")}";

    private static string Json(BenchmarkResult r)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("case", r.Case);
            w.WriteString("formula", r.Formula);
            w.WriteString("method", r.Reml ? "REML" : "ML");
            w.WriteNumber("rows", r.Rows);
            w.WriteNumber("fixed", r.FixedCount);
            w.WriteNumber("random_effects", r.RandomEffectCount);
            w.WriteNumber("theta", r.ThetaCount);
            w.WriteNumber("load_seconds", r.LoadSeconds);
            w.WriteNumber("design_seconds", r.DesignSeconds);
            w.WriteNumber("fit_seconds", r.FitSeconds);
            w.WriteNumber("fit_seconds_fastest", r.FitSecondsFastest);
            w.WriteNumber("fit_runs", r.FitRuns);
            w.WriteNumber("setup_seconds", r.SetupSeconds);
            w.WriteNumber("optimizer_seconds", r.OptimizerSeconds);
            w.WriteNumber("postfit_seconds", r.PostFitSeconds);
            w.WriteNumber("evaluations", r.Evaluations);
            Number(w, "evaluation_seconds", r.EvaluationSeconds);
            if (r.EvaluationPhases is { } p)
            {
                w.WriteNumber("evaluation_scale_seconds", p.Scale);
                w.WriteNumber("evaluation_sparse_seconds", p.Sparse);
                w.WriteNumber("evaluation_dense_seconds", p.Dense);
                w.WriteNumber("dense_order", p.DenseOrder);
            }
            Number(w, "allocated_bytes_per_evaluation", r.AllocatedBytesPerEvaluation);
            w.WriteNumber("peak_working_set_bytes", r.PeakWorkingSetBytes);
            w.WriteNumber("managed_heap_bytes", r.ManagedHeapBytes);
            w.WriteNumber("objective", r.Objective);
            w.WriteBoolean("converged", r.Converged);
            w.WriteString("load_average", r.LoadAverage);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Number(Utf8JsonWriter w, string name, double v)
    {
        if (double.IsFinite(v)) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }
}
