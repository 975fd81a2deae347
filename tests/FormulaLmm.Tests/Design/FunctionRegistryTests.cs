using FormulaLmm.Data;
using FormulaLmm.Design;
using FormulaLmm.Terms;
using static FormulaLmm.Tests.Design.DesignFixtures;

namespace FormulaLmm.Tests.Design;

/// <summary>
/// The registry of model-frame functions: one entry per function, R's formals matched by name,
/// prefix or position, and the stateful functions' learned states against R's attributes.
/// </summary>
public class FunctionRegistryTests
{
    private static Table Sleep => Load("sleepstudy");

    private static LmmDesign Build(string formula, Table data) => TestDesigns.Build(formula, data);

    private static double[] Column(LmmDesign design, string name) =>
        design.Fixed.Column(design.Fixed.ColumnNames.ToList().IndexOf(name)).ToArray();

    [Fact]
    public void EachFunctionIsRegisteredOnceWithItsFormals()
    {
        var names = FunctionRegistry.Names.ToList();
        Assert.Equal(35, names.Count);
        Assert.Equal(names.Count, names.Distinct().Count());
        foreach (var f in FunctionRegistry.All)
        {
            Assert.True(FunctionRegistry.TryGet(f.Name, out var found));
            Assert.Same(f, found);
            Assert.NotEmpty(f.Formals);
            Assert.Equal(f.Formals.Count, f.Formals.Select(a => a.Name).Distinct().Count());
        }
        Assert.Equal(new[] { "x", "base" }, FunctionRegistry.All.Single(f => f.Name == "log").Formals.Select(a => a.Name));
        Assert.Equal(new[] { "x", "center", "scale" }, FunctionRegistry.All.Single(f => f.Name == "scale").Formals.Select(a => a.Name));
        Assert.Equal(new[] { "x", "degree", "raw" }, FunctionRegistry.All.Single(f => f.Name == "poly").Formals.Select(a => a.Name));
        Assert.Equal(new[] { "object" }, FunctionRegistry.All.Single(f => f.Name == "offset").Formals.Select(a => a.Name));
    }

    [Fact]
    public void OnlyPolyAndScaleAreStateful()
    {
        Assert.Equal(new[] { "scale", "poly" }, FunctionRegistry.All.Where(f => f.IsStateful).Select(f => f.Name));
    }

    [Fact]
    public void TheUnknownFunctionMessageListsTheRegistry()
    {
        var spec = ModelSpec.Parse("Reaction ~ lgo(Days) + (1 | Subject)");
        var d = Assert.Single(DesignBuilder.Build(spec, Sleep).Diagnostics, x => x.Code == DesignCodes.UnknownFunction);
        var listed = d.Message[(d.Message.IndexOf("can evaluate: ", StringComparison.Ordinal) + "can evaluate: ".Length)..].TrimEnd('.');
        Assert.Equal(FunctionRegistry.Names.Select(n => n + "()"), listed.Split(", "));
    }

    [Fact]
    public void TheDefaultLogBaseDividesByExactlyOne()
    {
        // log(x) uses R's default base exp(1) and must equal Math.Log bit for bit.
        Assert.Equal(1.0, Math.Log(Math.E));
        var design = Build("Reaction ~ log(Days + 1) + (1 | Subject)", Sleep);
        var days = ((NumericColumn)Sleep.Columns.Single(c => c.Name == "Days")).Values;
        var column = Column(design, "log(Days + 1)");
        for (int i = 0; i < column.Length; i++) Assert.Equal(Math.Log(days[design.KeptRows[i]] + 1), column[i]);
    }

    [Theory]
    [InlineData("poly(Days, 2)", "poly(Days, degree = 2)")]
    [InlineData("poly(Days, 2)", "poly(Days, deg = 2)")]
    [InlineData("poly(Days, 2)", "poly(degree = 2, x = Days)")]
    [InlineData("poly(Days, 2)", "poly(Days, 2, FALSE)")]
    [InlineData("poly(Days, 3, raw = TRUE)", "poly(Days, raw = TRUE, 3)")]
    [InlineData("scale(Days, center = TRUE, scale = FALSE)", "scale(Days, TRUE, FALSE)")]
    [InlineData("scale(Days, center = TRUE, scale = FALSE)", "scale(Days, sc = FALSE)")]
    [InlineData("scale(Days)", "scale(Days, T, T)")]
    [InlineData("log(Days + 1, 2)", "log(base = 2, Days + 1)")]
    [InlineData("round(Days / 3)", "round(Days / 3, digits = 0)")]
    public void ArgumentsMatchByNamePrefixOrPositionAsInR(string call, string sameCall)
    {
        var a = Build($"Reaction ~ {call} + (1 | Subject)", Sleep).Fixed;
        var b = Build($"Reaction ~ {sameCall} + (1 | Subject)", Sleep).Fixed;
        Assert.Equal(a.ColumnCount, b.ColumnCount);
        Assert.Equal(a.Values, b.Values);
    }

    [Fact]
    public void TheDesignKeepsTheStatesPolyAndScaleLearnedAsRHasThem()
    {
        foreach (var c in ReadJson("design", "new_data.json").GetProperty("cases").EnumerateArray())
        {
            var design = Build(c.GetProperty("formula").GetString()!, Load(c.GetProperty("data").GetString()!));
            var learned = design.Recipe!.Transforms;
            var expected = c.GetProperty("learned").EnumerateObject().ToList();
            Assert.Equal(expected.Select(p => p.Name).Order(), learned.Keys.Order());
            foreach (var p in expected)
            {
                switch (learned[p.Name])
                {
                    case PolynomialState poly:
                        var alpha = Numbers(p.Value.GetProperty("alpha"));
                        var norm2 = Numbers(p.Value.GetProperty("norm2"));
                        Assert.Equal(alpha.Length, poly.Alpha.Length);
                        Assert.Equal(norm2.Length, poly.Norm2.Length);
                        for (int i = 0; i < alpha.Length; i++) AssertRelative(alpha[i], poly.Alpha[i], $"{p.Name} alpha[{i}]");
                        for (int i = 0; i < norm2.Length; i++) AssertRelative(norm2[i], poly.Norm2[i], $"{p.Name} norm2[{i}]");
                        break;
                    case ScaleState scale:
                        AssertOptional(p.Value.GetProperty("center"), scale.Center, $"{p.Name} center");
                        AssertOptional(p.Value.GetProperty("scale"), scale.Scale, $"{p.Name} scale");
                        break;
                    default:
                        Assert.Fail($"{p.Name}: unexpected state {learned[p.Name]}");
                        break;
                }
            }
        }
    }

    [Fact]
    public void RawPolyLearnsNothing()
    {
        var design = Build("Reaction ~ poly(Days, 2, raw = TRUE) + scale(Days, FALSE, FALSE) + (1 | Subject)", Sleep);
        Assert.False(design.Recipe!.Transforms.ContainsKey("poly(Days, 2, raw = TRUE)"));
        Assert.Equal(new ScaleState(null, null), design.Recipe.Transforms["scale(Days, FALSE, FALSE)"]);
    }

    [Fact]
    public void AStatefulCallInsideAnExpressionLearnsItsStateToo()
    {
        var design = Build("Reaction ~ exp(scale(Days)) + (1 | Subject)", Sleep);
        var state = Assert.IsType<ScaleState>(design.Recipe!.Transforms["scale(Days)"]);
        Assert.Equal(4.5, state.Center!.Value, 12);
    }

    private static void AssertOptional(System.Text.Json.JsonElement expected, double? actual, string what)
    {
        if (expected.ValueKind == System.Text.Json.JsonValueKind.Null) Assert.Null(actual);
        else AssertRelative(expected.GetDouble(), actual ?? double.NaN, what);
    }

    private static void AssertRelative(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-10 * Math.Max(1, Math.Abs(expected)), $"{what}: R {expected:R}, ours {actual:R}");
}
