using FormulaLmm.Data;
using FormulaLmm.Design;
using NameSuggestion = FormulaLmm.Data.NameSuggestion;
using static FormulaLmm.Tests.Design.DesignFixtures;

namespace FormulaLmm.Tests.Design;

/// <summary>The building blocks of the Design stage, each against R's own results or definitions.</summary>
public class DesignUnitTests
{
    private static readonly Lazy<System.Text.Json.JsonElement> Polynomials = new(() => ReadJson("design", "polynomials.json"));

    [Fact]
    public void PolyMatchesRToTwelveDigits()
    {
        foreach (var c in Polynomials.Value.GetProperty("poly").EnumerateArray())
        {
            var x = Numbers(c.GetProperty("x"));
            int degree = c.GetProperty("degree").GetInt32();
            var basis = OrthogonalPolynomials.Basis(x, degree);
            Assert.Equal(degree, basis.Length);
            for (int d = 0; d < degree; d++)
            {
                var expected = Numbers(c.GetProperty("columns")[d]);
                for (int i = 0; i < x.Length; i++)
                    Assert.True(Math.Abs(expected[i] - basis[d][i]) < 1e-12, $"poly degree {degree}, column {d + 1}, row {i}: R {expected[i]:R}, ours {basis[d][i]:R}");
            }
        }
    }

    [Fact]
    public void ContrPolyMatchesRToTwelveDigits()
    {
        foreach (var c in Polynomials.Value.GetProperty("contr_poly").EnumerateArray())
        {
            int n = c.GetProperty("n").GetInt32();
            var coding = FactorCoding.Contrasts(ContrastKind.Polynomial, Enumerable.Range(1, n).Select(i => $"l{i}").ToArray());
            Assert.Equal(Strings(c.GetProperty("names")), coding.Suffixes);
            for (int d = 0; d < n - 1; d++)
            {
                var expected = Numbers(c.GetProperty("columns")[d]);
                for (int l = 0; l < n; l++) Assert.True(Math.Abs(expected[l] - coding.Columns[d][l]) < 1e-12, $"contr.poly({n}) column {d + 1} level {l + 1}");
            }
        }
    }

    [Fact]
    public void SumAndHelmertContrastsAreRs()
    {
        var levels = new[] { "a", "b", "c", "d" };
        var sum = FactorCoding.Contrasts(ContrastKind.Sum, levels);
        Assert.Equal(new[] { "1", "2", "3" }, sum.Suffixes);
        Assert.Equal(new double[] { 1, 0, 0, -1 }, sum.Columns[0]);
        Assert.Equal(new double[] { 0, 0, 1, -1 }, sum.Columns[2]);
        var helmert = FactorCoding.Contrasts(ContrastKind.Helmert, levels);
        Assert.Equal(new double[] { -1, 1, 0, 0 }, helmert.Columns[0]);
        Assert.Equal(new double[] { -1, -1, -1, 3 }, helmert.Columns[2]);
        var treatment = FactorCoding.Contrasts(ContrastKind.Treatment, levels);
        Assert.Equal(new[] { "b", "c", "d" }, treatment.Suffixes);
        Assert.Equal(new double[] { 0, 0, 1, 0 }, treatment.Columns[1]);
    }

    [Theory]
    [InlineData(100000, "1e+05")]
    [InlineData(123456, "123456")]
    [InlineData(0.1, "0.1")]
    [InlineData(1.0 / 3, "0.333333333333333")]
    [InlineData(1e-5, "1e-05")]
    [InlineData(0.0001, "1e-04")]
    [InlineData(0.00012345, "0.00012345")]
    [InlineData(1e15, "1e+15")]
    [InlineData(175, "175")]
    [InlineData(-3, "-3")]
    [InlineData(100000.5, "100000.5")]
    [InlineData(2.0 / 3 * 1e6, "666666.666666667")]
    public void FactorLevelsOfNumbersAreLabelledAsRsAsCharacter(double value, string expected) =>
        Assert.Equal(expected, RNumber.Format(value));

    [Theory]
    [InlineData("days", "Days")]
    [InlineData("Reacton", "Reaction")]
    [InlineData("Subjcet", "Subject")]
    [InlineData("xyz", null)]
    public void NameSuggestions(string name, string? expected) =>
        Assert.Equal(expected, NameSuggestion.Closest(name, new[] { "Reaction", "Days", "Subject" }));

    [Fact]
    public void RankReductionMovesDependentColumnsToTheEndInOrder()
    {
        // Columns: 1, x, 2x, z, 1 + x: the third and fifth depend on earlier ones.
        double[] x = { 1, 2, 3, 4, 5, 6 }, z = { 0, 1, 0, 1, 1, 0 };
        var cols = new[] { x.Select(_ => 1.0), x, x.Select(v => 2 * v), z, x.Select(v => 1 + v) }.Select(c => c.ToArray()).ToArray();
        var m = new ModelMatrix(6, new[] { "a", "b", "c", "d", "e" }, cols.SelectMany(c => c).ToArray());
        var (rank, pivot) = RankReduction.Pivot(m);
        Assert.Equal(3, rank);
        Assert.Equal(new[] { 0, 1, 3, 2, 4 }, pivot);
    }

    [Fact]
    public void RankReductionKeepsAFullRankMatrixAndDropsZeroColumns()
    {
        var m = new ModelMatrix(3, new[] { "a", "zero", "b" }, new double[] { 1, 1, 1, 0, 0, 0, 1, 2, 4 });
        var (rank, pivot) = RankReduction.Pivot(m);
        Assert.Equal(2, rank);
        Assert.Equal(new[] { 0, 2, 1 }, pivot);
    }

    [Theory]
    [InlineData(new[] { 5, 5, 10 }, new[] { 2, 1, 0 })]   // ties reversed, as rev(order(nl)) does
    [InlineData(new[] { 10, 5, 5 }, new[] { 0, 1, 2 })]   // already non-increasing: formula order
    [InlineData(new[] { 6, 24 }, new[] { 1, 0 })]
    [InlineData(new[] { 3, 30, 10, 30 }, new[] { 3, 1, 2, 0 })]
    public void RandomTermsAreOrderedAsLme4Does(int[] levels, int[] expected)
    {
        var order = DesignRun.LmeOrderBy(Enumerable.Range(0, levels.Length).ToList(), i => levels[i]);
        Assert.Equal(expected, order);
    }

    [Fact]
    public void InteractionGroupingLevelsAreObservedCombinationsInLevelOrder()
    {
        var a = new FactorVariable("a", default, new[] { 1, 0, 1, 0, 1 }, new[] { "A", "B" }, false, false);
        var b = new FactorVariable("b", default, new[] { 2, 0, 0, 2, 2 }, new[] { "x", "y", "z" }, false, false);
        var (levels, codes) = GroupingFactor.Combine(new[] { a, b });
        Assert.Equal(new[] { "A:x", "A:z", "B:x", "B:z" }, levels);
        Assert.Equal(new[] { 3, 0, 2, 1, 3 }, codes);
    }

    [Fact]
    public void EvaluatedFunctionsMatchR()
    {
        var t = new Table(new TableColumn[]
        {
            new NumericColumn("y", new[] { 1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10 }),
            new NumericColumn("x", new[] { -1.5, 0.25, 2, 7, 2.5, -3, 4, 1, 5.5, 6 }),
            new NumericColumn("g", new[] { 1.0, 1, 2, 2, 3, 3, 4, 4, 5, 5 }),
        });
        var design = TestDesigns.Build(
            "y ~ 0 + abs(x) + I(x %% 2) + I(x %/% 2) + round(x) + exp(x/2) + I(-x^2) + I(x > 0 & x < 5) + (1 | g)", t,
            new DesignOptions());
        var cols = design.Fixed.ColumnNames.ToList();
        double At(string name, int row) =>
            cols.Contains(name) ? design.Fixed[row, cols.IndexOf(name)] : throw new Xunit.Sdk.XunitException($"no column {name} in {string.Join(", ", cols)}");
        Assert.Equal(1.5, At("abs(x)", 0));
        Assert.Equal(0.5, At("I(x%%2)", 0));      // R: -1.5 %% 2 == 0.5
        Assert.Equal(-1, At("I(x%/%2)", 0));      // R: -1.5 %/% 2 == -1
        Assert.Equal(-2, At("round(x)", 0));      // R rounds half to even
        Assert.Equal(2, At("round(x)", 2));
        Assert.Equal(Math.Exp(3.5), At("exp(x/2)", 3), 12);
        Assert.Equal(-49, At("I(-x^2)", 3));      // unary minus binds looser than ^
        Assert.Equal(new[] { 0.0, 1, 1, 0, 1, 0, 1, 1, 0, 0 }, Enumerable.Range(0, 10).Select(i => At("I(x > 0 & x < 5)TRUE", i)));
        Assert.Equal(1, At("I(x%%2)", 3));     // 7 %% 2
        Assert.Equal(1, At("I(x%%2)", 5));     // -3 %% 2
        Assert.Equal(-2, At("I(x%/%2)", 5));
    }

    [Fact]
    public void NumericGroupingVariablesBecomeFactorsWithNumericallySortedLevels()
    {
        var t = new Table(new TableColumn[]
        {
            new NumericColumn("y", new[] { 1.0, 2, 3, 4, 5, 6 }),
            new NumericColumn("g", new[] { 10.0, 2, 2, 10, 1.5, 1.5 }),
        });
        var term = TestDesigns.Build("y ~ 1 + (1 | g)", t).RandomTerms.Single();
        Assert.Equal(new[] { "1.5", "2", "10" }, term.Levels);
        Assert.Equal(new[] { 2, 1, 1, 2, 0, 0 }, term.LevelCodes);
    }

    [Fact]
    public void LogicalColumnsAreFactorsWithBothLevelsEvenWhenOneIsAbsent()
    {
        var t = new Table(new TableColumn[]
        {
            new NumericColumn("y", new[] { 1.0, 2, 3, 4 }),
            new CategoricalColumn("L", new[] { 1, 1, 1, 1 }, new[] { "FALSE", "TRUE" }, isLogical: true),
            new NumericColumn("g", new[] { 1.0, 1, 2, 2 }),
        });
        var x = TestDesigns.Build("y ~ 0 + L + (1 | g)", t).Fixed;
        Assert.Equal(new[] { "LTRUE" }, x.ColumnNames);   // LFALSE is all zero: dropped for rank
        Assert.Equal(new[] { "LFALSE" }, x.DroppedColumns);
    }

    [Fact]
    public void CategoricalColumnsOptionTurnsNumbersIntoFactors()
    {
        var machines = Load("Machines");
        var asNumber = CsvReader.ReadFile(FixturePath("data", "Machines.csv"));
        var design = TestDesigns.Build("score ~ Worker + (1 | Machine)", asNumber, new DesignOptions { CategoricalColumns = new[] { "Worker" } });
        Assert.Equal(new[] { "(Intercept)", "Worker2", "Worker3", "Worker4", "Worker5", "Worker6" }, design.Fixed.ColumnNames);
        Assert.Equal(TestDesigns.Build("score ~ Worker + (1 | Machine)", machines).Fixed.Values, design.Fixed.Values);
    }

    [Fact]
    public void DesignJsonHasTheShapeOfTheIssue()
    {
        var json = DesignJson.Write(TestDesigns.Build("y ~ x + (1 | g)", Load("toy")));
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal("y", root.GetProperty("response").GetString());
        Assert.Equal(13, root.GetProperty("nobs").GetInt32());
        Assert.Equal(new[] { 3, 4, 16 }, Ints(root.GetProperty("omitted_rows")));
        Assert.Equal(new[] { "(Intercept)", "x" }, Strings(root.GetProperty("fixed").GetProperty("columns")));
        Assert.Equal(new[] { 1, 1.5 }, Numbers(root.GetProperty("fixed").GetProperty("rows")[0]));
        var random = root.GetProperty("random")[0];
        Assert.Equal("g", random.GetProperty("group").GetString());
        Assert.Equal(new[] { "(Intercept)" }, Strings(random.GetProperty("columns")));
        Assert.Equal(new[] { "g1", "g2", "g3", "g4", "g5", "g6" }, Strings(random.GetProperty("levels")));
        Assert.Equal(13, random.GetProperty("codes").GetArrayLength());
        Assert.Equal(new[] { 1.0 }, Numbers(random.GetProperty("z")[0]));
        var theta = random.GetProperty("theta");
        Assert.Equal(1, theta.GetProperty("count").GetInt32());
        Assert.Equal(new[] { 0.0 }, Numbers(theta.GetProperty("lower")));
        Assert.Equal(new[] { 1.0 }, Numbers(theta.GetProperty("initial")));
    }
}
