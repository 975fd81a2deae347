using System.Globalization;
using System.Text.Json;
using FormulaLmm.Design;

namespace FormulaLmm.Tests.Fitting;

/// <summary>
/// LmmDesigns built by hand (as lme4 builds them) for the reference cases in
/// Fixtures/fitting/profiled-objective.json, so the Fitting stage can be tested on its own.
/// </summary>
internal static class HandDesigns
{
    public static string FixtureDir => Path.Combine(AppContext.BaseDirectory, "Fixtures", "fitting");

    private static readonly Lazy<JsonDocument> Reference = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(FixtureDir, "profiled-objective.json"))));

    public static JsonElement Case(string name) => Reference.Value.RootElement.GetProperty(name);

    public static IEnumerable<string> CaseNames() =>
        Reference.Value.RootElement.EnumerateObject().Select(p => p.Name);

    public static LmmDesign Build(string caseName) => caseName switch
    {
        "sleepstudy_reml" or "sleepstudy_ml" => Sleepstudy(correlated: true),
        "sleepstudy_uncorr" => Sleepstudy(correlated: false),
        "dyestuff" or "dyestuff_ml" => OneWay("Dyestuff.csv"),
        "dyestuff2" => OneWay("Dyestuff2.csv"),
        "dyestuff_noint" => NoFixedEffects(),
        "penicillin" => Penicillin(),
        "pastes" => Pastes(),
        "machines" or "machines_ml" => Machines(intercept: true),
        "machines_nointercept" => Machines(intercept: false),
        "orthodont_uncorr" => Orthodont(),
        "sim_nested" or "sim_nested_ml" => SimNested(),
        "sim_crossed" => SimCrossed(),
        _ => throw new ArgumentException(caseName),
    };

    public static LmmDesign Sleepstudy(bool correlated)
    {
        var d = Csv.Read("sleepstudy.csv");
        var days = d.Num("Days");
        var one = Ones(d.Rows);
        var x = Fixed(("(Intercept)", one), ("Days", days));
        var terms = correlated
            ? new[] { Term("Subject", d.Str("Subject"), new[] { ("(Intercept)", one), ("Days", days) }) }
            : new[]
            {
                Term("Subject", d.Str("Subject"), new[] { ("(Intercept)", one) }),
                Term("Subject", d.Str("Subject"), new[] { ("Days", days) }),
            };
        return Make("Reaction ~ Days + (Days | Subject)", d.Num("Reaction"), x, terms);
    }

    public static LmmDesign OneWay(string file)
    {
        var d = Csv.Read(file);
        var one = Ones(d.Rows);
        return Make("Yield ~ 1 + (1 | Batch)", d.Num("Yield"), Fixed(("(Intercept)", one)),
            new[] { Term("Batch", d.Str("Batch"), new[] { ("(Intercept)", one) }) });
    }

    /// <summary>Yield ~ 0 + (1 | Batch): no fixed effects at all (p = 0).</summary>
    public static LmmDesign NoFixedEffects()
    {
        var d = Csv.Read("Dyestuff.csv");
        var one = Ones(d.Rows);
        var x = new FixedEffectsMatrix(d.Rows, Array.Empty<string>(), Array.Empty<double>(), Array.Empty<string>());
        return Make("Yield ~ 0 + (1 | Batch)", d.Num("Yield"), x, new[] { Term("Batch", d.Str("Batch"), new[] { ("(Intercept)", one) }) });
    }

    public static LmmDesign Penicillin()
    {
        var d = Csv.Read("Penicillin.csv");
        var one = Ones(d.Rows);
        return Make("diameter ~ 1 + (1 | plate) + (1 | sample)", d.Num("diameter"), Fixed(("(Intercept)", one)),
            new[]
            {
                Term("plate", d.Str("plate"), new[] { ("(Intercept)", one) }),
                Term("sample", d.Str("sample"), new[] { ("(Intercept)", one) }),
            });
    }

    public static LmmDesign Pastes()
    {
        var d = Csv.Read("Pastes.csv");
        var one = Ones(d.Rows);
        var batch = d.Str("batch");
        var caskBatch = d.Str("cask").Zip(batch, (c, b) => c + ":" + b).ToArray();
        return Make("strength ~ 1 + (1 | batch/cask)", d.Num("strength"), Fixed(("(Intercept)", one)),
            new[]
            {
                Term("cask:batch", caskBatch, new[] { ("(Intercept)", one) }),
                Term("batch", batch, new[] { ("(Intercept)", one) }),
            });
    }

    public static LmmDesign Machines(bool intercept)
    {
        var d = Csv.Read("Machines.csv");
        var one = Ones(d.Rows);
        var m = d.Str("Machine");
        double[] Is(string level) => m.Select(v => v == level ? 1.0 : 0.0).ToArray();
        var x = Fixed(("(Intercept)", one), ("MachineB", Is("B")), ("MachineC", Is("C")));
        var z = intercept
            ? new[] { ("(Intercept)", one), ("MachineB", Is("B")), ("MachineC", Is("C")) }
            : new[] { ("MachineA", Is("A")), ("MachineB", Is("B")), ("MachineC", Is("C")) };
        return Make("score ~ Machine + (Machine | Worker)", d.Num("score"), x, new[] { Term("Worker", d.Str("Worker"), z) });
    }

    public static LmmDesign Orthodont()
    {
        var d = Csv.Read("Orthodont.csv");
        var one = Ones(d.Rows);
        var age = d.Num("age");
        var male = d.Str("Sex").Select(s => s == "Male" ? 1.0 : 0.0).ToArray();
        var x = Fixed(("(Intercept)", one), ("age", age), ("SexMale", male), ("age:SexMale", age.Zip(male, (a, b) => a * b).ToArray()));
        return Make("distance ~ age * Sex + (age || Subject)", d.Num("distance"), x, new[]
        {
            Term("Subject", d.Str("Subject"), new[] { ("(Intercept)", one) }),
            Term("Subject", d.Str("Subject"), new[] { ("age", age) }),
        });
    }

    public static LmmDesign SimNested()
    {
        var d = Csv.Read("sim_nested.csv");
        var one = Ones(d.Rows);
        var trt = d.Str("trt");
        double[] Is(string level) => trt.Select(v => v == level ? 1.0 : 0.0).ToArray();
        var x = Fixed(("(Intercept)", one), ("trtdrugA", Is("drugA")), ("trtdrugB", Is("drugB")), ("x", d.Num("x")));
        var center = d.Str("center");
        var pc = d.Str("patient").Zip(center, (p, c) => p + ":" + c).ToArray();
        var offset = d.Num("expo").Select(v => Math.Log(v)).ToArray();
        return Make("y ~ trt + x + offset(log(expo)) + (1 | center/patient)", d.Num("y"), x, new[]
        {
            Term("patient:center", pc, new[] { ("(Intercept)", one) }),
            Term("center", center, new[] { ("(Intercept)", one) }),
        }, offset);
    }

    public static LmmDesign SimCrossed()
    {
        var d = Csv.Read("sim_crossed.csv");
        var one = Ones(d.Rows);
        var xv = d.Num("x");
        var center = d.Str("center");
        var pc = d.Str("patient").Zip(center, (p, c) => p + ":" + c).ToArray();
        return Make("y ~ x + (1 | center/patient) + (x | rater)", d.Num("y"), Fixed(("(Intercept)", one), ("x", xv)), new[]
        {
            Term("patient:center", pc, new[] { ("(Intercept)", one) }),
            Term("center", center, new[] { ("(Intercept)", one) }),
            Term("rater", d.Str("rater"), new[] { ("(Intercept)", one), ("x", xv) }),
        });
    }

    // ---- building blocks ----------------------------------------------------------------------

    public static double[] Ones(int n) => Enumerable.Repeat(1.0, n).ToArray();

    public static FixedEffectsMatrix Fixed(params (string Name, double[] Values)[] columns)
    {
        int n = columns[0].Values.Length;
        var v = new double[n * columns.Length];
        for (int j = 0; j < columns.Length; j++) columns[j].Values.CopyTo(v, j * n);
        return new FixedEffectsMatrix(n, columns.Select(c => c.Name).ToArray(), v, Array.Empty<string>());
    }

    public static RandomEffectsTerm Term(string group, string[] groupValues, (string Name, double[] Values)[] columns,
        CovarianceTemplate? template = null)
    {
        var levels = groupValues.Distinct().OrderBy(s => s, StringComparer.Ordinal).ToArray();
        var index = levels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i);
        int n = groupValues.Length, k = columns.Length;
        var z = new double[n * k];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < k; j++) z[i * k + j] = columns[j].Values[i];
        return new RandomEffectsTerm(group, group.Split(':'), levels, groupValues.Select(g => index[g]).ToArray(),
            columns.Select(c => c.Name).ToArray(), z, template ?? CovarianceTemplate.Unstructured(k), null);
    }

    public static LmmDesign Make(string formula, double[] y, FixedEffectsMatrix x, IReadOnlyList<RandomEffectsTerm> terms, double[]? offset = null) =>
        new(formula, formula.Split('~')[0].Trim(), y, x, terms, offset,
            Enumerable.Range(0, y.Length).ToArray(), Array.Empty<int>(), FormulaLmm.Diagnostics.DiagnosticList.Empty);

    /// <summary>A minimal reader for the fixture CSVs (header row, quoted strings, no embedded quotes).</summary>
    internal sealed class Csv
    {
        private readonly Dictionary<string, string[]> _columns;

        private Csv(Dictionary<string, string[]> columns, int rows) { _columns = columns; Rows = rows; }

        public int Rows { get; }

        public static Csv Read(string file)
        {
            var lines = File.ReadAllLines(Path.Combine(FixtureDir, "data", file)).Where(l => l.Length > 0).ToArray();
            string[] Split(string line) => line.Split(',').Select(f => f.Trim().Trim('"')).ToArray();
            var header = Split(lines[0]);
            var cells = lines.Skip(1).Select(Split).ToArray();
            var cols = new Dictionary<string, string[]>();
            for (int j = 0; j < header.Length; j++) cols[header[j]] = cells.Select(r => r[j]).ToArray();
            return new Csv(cols, cells.Length);
        }

        public string[] Str(string name) => _columns[name];

        public double[] Num(string name) => _columns[name].Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
    }
}
