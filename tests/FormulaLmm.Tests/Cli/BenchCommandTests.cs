using System.Buffers.Binary;
using System.Text.Json;
using FormulaLmm.Cli;
using FormulaLmm.Data;
using FormulaLmm.Fitting;

using static FormulaLmm.Tests.Cli.CliRunner;

namespace FormulaLmm.Tests.Cli;

/// <summary>
/// formula-lmm bench on the small cases and a short scaling curve: the command composes
/// FormulaLmm.Benchmarks, whose phase times come from the fit's observer. No speed is asserted,
/// only what the measurements must satisfy whatever the machine: the right model, the fit's own
/// evaluation count and objective, and phases that lie inside the fit they split.
/// </summary>
public class BenchCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("formula-lmm-bench-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void JsonLinesDescribeEachCaseAndSplitTheFitIntoItsPhases()
    {
        var (code, output, err) = Run("bench", "--case", "sleepstudy,penicillin", "--warmup", "1", "--repeat", "3",
            "--eval-repeat", "3", "--json");
        Assert.True(code == 0, err);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);

        // name, rows, q, θ, REML objective as lme4 1.1-31 reports it, order of the dense tail (or of the [X y] block).
        var expected = new[]
        {
            ("sleepstudy", "Reaction ~ Days + (Days | Subject)", 180, 36, 3, 1743.628272, 3),
            ("penicillin", "diameter ~ 1 + (1 | plate) + (1 | sample)", 144, 30, 2, 330.860589, 8),
        };
        for (int i = 0; i < lines.Length; i++)
        {
            var (name, formula, rows, q, theta, objective, denseOrder) = expected[i];
            using var doc = JsonDocument.Parse(lines[i]);
            var r = doc.RootElement;
            Assert.Equal(name, r.GetProperty("case").GetString());
            Assert.Equal(formula, r.GetProperty("formula").GetString());
            Assert.Equal("REML", r.GetProperty("method").GetString());
            Assert.Equal(rows, r.GetProperty("rows").GetInt32());
            Assert.Equal(q, r.GetProperty("random_effects").GetInt32());
            Assert.Equal(theta, r.GetProperty("theta").GetInt32());
            Assert.Equal(3, r.GetProperty("fit_runs").GetInt32());
            Assert.True(r.GetProperty("converged").GetBoolean());
            Assert.Equal(objective, r.GetProperty("objective").GetDouble(), 1e-6 * objective);

            // The same fit as Lmm.Fit without an observer: same evaluations, same objective.
            var plain = Lmm.Fit(formula, Datasets.Load(name == "sleepstudy" ? "sleepstudy" : "Penicillin"));
            Assert.Equal(plain.Convergence.Evaluations, r.GetProperty("evaluations").GetInt32());
            Assert.Equal(plain.Objective, r.GetProperty("objective").GetDouble());

            // The observer's phases lie inside the timed fit they belong to (the median one).
            double setup = r.GetProperty("setup_seconds").GetDouble(), optimizer = r.GetProperty("optimizer_seconds").GetDouble(),
                postFit = r.GetProperty("postfit_seconds").GetDouble(), fit = r.GetProperty("fit_seconds").GetDouble();
            Assert.All(new[] { setup, optimizer, postFit }, s => Assert.True(s > 0, $"{name}: a phase took {s} s"));
            Assert.True(setup + optimizer + postFit <= fit, $"{name}: phases {setup} + {optimizer} + {postFit} s exceed the fit's {fit} s");
            Assert.True(r.GetProperty("fit_seconds_fastest").GetDouble() <= fit);

            Assert.Equal(denseOrder, r.GetProperty("dense_order").GetInt32());
            foreach (var part in new[] { "evaluation_scale_seconds", "evaluation_sparse_seconds", "evaluation_dense_seconds" })
                Assert.True(r.GetProperty(part).GetDouble() >= 0, part);
            Assert.True(r.GetProperty("evaluation_seconds").GetDouble() > 0);
        }
    }

    [Fact]
    public void TableHasOneRowPerCase()
    {
        var (code, output, err) = Run("bench", "--case", "sleepstudy", "--warmup", "0", "--repeat", "1", "--eval-repeat", "2");
        Assert.True(code == 0, err);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("# formula-lmm bench, ", lines[0]);
        Assert.StartsWith("| case | rows | q | load s | design s | fit s | fits | setup s | optimiser s | post-fit s | evals |", lines[1]);
        Assert.Equal(4, lines.Length);
        // | case | rows | q | load | design | fit | fits | setup | optimiser | post-fit | evals | ms/eval | scale/sparse/dense | dense n | bytes/eval | peak MB | objective |
        var cells = lines[3].Trim('|', ' ').Split(" | ");
        Assert.Equal(17, cells.Length);
        Assert.Equal(new[] { "sleepstudy", "180", "36" }, cells[..3]);
        Assert.Equal("1", cells[6]);
        var plain = Lmm.Fit("Reaction ~ Days + (Days | Subject)", Datasets.Load("sleepstudy"));
        Assert.Equal(plain.Convergence.Evaluations.ToString(System.Globalization.CultureInfo.InvariantCulture), cells[10]);
        Assert.Equal(3, cells[12].Split(" / ").Length);
        Assert.Equal("3", cells[13]);
        Assert.Equal("1743.628272", cells[16]);
    }

    [Fact]
    public void UnknownCaseIsAUsageError()
    {
        var (code, _, err) = Run("bench", "--case", "sleepstudy,nope");
        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains("unknown case 'nope'; cases: sleepstudy, penicillin, insteval, big_nested, big_crossed", err);
        AssertCleanUserError(err);
    }

    [Fact]
    public void ScalingRowsWritesOnePointPerSizeAndThePlot()
    {
        var path = Path.Combine(_folder, "rows.png");
        var (code, output, err) = Run("bench", "--scaling", "rows", "--sizes", "1000,2000", "--plot", path);
        Assert.True(code == 0, err);
        Assert.Contains("| rows | rows | q | dense n | fit s | setup s | optimiser s | post-fit s | evals | ms/eval |", output);
        // 50 rows per subject, two random effects each, no dense tail.
        Assert.Contains("\n| 1000 | 1000 | 40 | 0 | ", output);
        Assert.Contains("\n| 2000 | 2000 | 80 | 0 | ", output);
        Assert.Contains("load average at the end ", output);

        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal(900, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
        Assert.Equal(560, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }

    [Fact]
    public void UnknownScalingIsAUsageError()
    {
        var (code, _, err) = Run("bench", "--scaling", "cubes");
        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains("--scaling is rows or levels, not 'cubes'", err);
        AssertCleanUserError(err);
    }
}
