using FormulaLmm.Data;
using FormulaLmm.Design;
using FormulaLmm.Diagnostics;
using FormulaLmm.Syntax;
using FormulaLmm.Terms;
using FormulaLmm.Text;

namespace FormulaLmm.Tests.Design;

/// <summary>Each FL03xx diagnostic: when it is raised, what it names, and where it points.</summary>
public class DesignDiagnosticsTests
{
    private static Table Sleep => DesignFixtures.Load("sleepstudy");
    private static Table Orthodont => DesignFixtures.Load("Orthodont");

    private static DesignResult Build(string formula, Table data, DesignOptions? options = null)
    {
        var spec = ModelSpecBuilder.Build(formula);
        Assert.True(spec.Success, string.Join("; ", spec.Diagnostics));
        return DesignBuilder.Build(spec.Spec!, data, options);
    }

    private static Diagnostic Single(DesignResult result, string code) =>
        Assert.Single(result.Diagnostics, d => d.Code == code);

    private static string Marked(string formula, Diagnostic d) => formula.Substring(d.Span!.Value.Start, d.Span.Value.Length);

    /// <summary>A small table: y numeric, x numeric, g categorical, one level per row pair.</summary>
    private static Table Table(params TableColumn[] columns) => new(columns, "t");

    private static CategoricalColumn Factor(string name, params string[] values)
    {
        var levels = values.Where(v => v is not null).Distinct().OrderBy(v => v, StringComparer.Ordinal).ToArray();
        return new CategoricalColumn(name, values.Select(v => v is null ? -1 : Array.IndexOf(levels, v)).ToArray(), levels);
    }

    [Fact]
    public void FL0301_UnknownVariableSuggestsTheColumnWithOtherCase()
    {
        const string f = "Reaction ~ days + (1 | Subject)";
        var result = Build(f, Sleep);
        Assert.Null(result.Design);
        var d = Single(result, DesignCodes.UnknownVariable);
        Assert.True(d.IsError);
        Assert.Contains("'days'", d.Message);
        Assert.Contains("did you mean 'Days'?", d.Message);
        Assert.Equal("days", Marked(f, d));
    }

    [Fact]
    public void FL0301_UnknownVariableSuggestsByEditDistanceAndReportsEveryUnknownName()
    {
        const string f = "Reacton ~ Dayz + zzzzzz + (1 | Subject)";
        var result = Build(f, Sleep);
        var unknown = result.Diagnostics.Where(d => d.Code == DesignCodes.UnknownVariable).ToList();
        Assert.Equal(3, unknown.Count);
        Assert.Contains("did you mean 'Reaction'?", unknown[0].Message);
        Assert.Contains("did you mean 'Days'?", unknown[1].Message);
        Assert.DoesNotContain("did you mean", unknown[2].Message);
        Assert.Contains("columns: Reaction, Days, Subject", unknown[2].Message);
        Assert.Equal(new[] { "Reacton", "Dayz", "zzzzzz" }, unknown.Select(d => Marked(f, d)));
    }

    [Fact]
    public void FL0302_UnknownFunctionPointsAtTheFunctionName()
    {
        const string f = "Reaction ~ lgo(Days + 1) + (1 | Subject)";
        var d = Single(Build(f, Sleep), DesignCodes.UnknownFunction);
        Assert.Contains("'lgo()'", d.Message);
        Assert.Contains("did you mean 'log()'?", d.Message);
        Assert.Equal("lgo", Marked(f, d));
    }

    [Fact]
    public void FL0303_NumericFunctionOfACategoricalColumn()
    {
        const string f = "distance ~ log(Sex) + (1 | Subject)";
        var d = Single(Build(f, Orthodont), DesignCodes.CategoricalInNumericContext);
        Assert.Contains("log()", d.Message);
        Assert.Contains("'Sex' is a categorical column", d.Message);
        Assert.Equal("Sex", Marked(f, d));
    }

    [Fact]
    public void FL0303_ArithmeticOnACategoricalColumnInsideI()
    {
        const string f = "distance ~ I(age * Sex) + (1 | Subject)";
        var d = Single(Build(f, Orthodont), DesignCodes.CategoricalInNumericContext);
        Assert.Contains("'*'", d.Message);
        Assert.Equal("Sex", Marked(f, d));
    }

    [Fact]
    public void FL0304_CategoricalResponse()
    {
        const string f = "Sex ~ age + (1 | Subject)";
        var d = Single(Build(f, Orthodont), DesignCodes.NonNumericResponse);
        Assert.Contains("the response 'Sex' is categorical", d.Message);
        Assert.Contains("'Female', 'Male'", d.Message);
        Assert.Equal("Sex", Marked(f, d));
    }

    [Fact]
    public void FL0305_NoResponseIsAnErrorUnlessAllowed()
    {
        const string f = "~ Days + (1 | Subject)";
        Single(Build(f, Sleep), DesignCodes.MissingResponse);
        var design = Build(f, Sleep, new DesignOptions { RequireResponse = false }).Design!;
        Assert.False(design.HasResponse);
        Assert.Equal(180, design.RowCount);
        Assert.Equal(new[] { "(Intercept)", "Days" }, design.Fixed.ColumnNames);
    }

    [Fact]
    public void FL0306_NoRowsLeftNamesTheVariablesWithMissingValues()
    {
        var t = Table(
            new NumericColumn("y", new[] { 1.0, double.NaN, 3, 4 }),
            new NumericColumn("x", new[] { double.NaN, 2.0, double.NaN, double.NaN }),
            Factor("g", "a", "a", "b", "b"));
        var d = Single(Build("y ~ x + (1 | g)", t), DesignCodes.NoRowsLeft);
        Assert.Contains("each of the 4 rows", d.Message);
        Assert.Contains("'x' in 3 rows", d.Message);
        Assert.Contains("'y' in 1 row", d.Message);
    }

    [Fact]
    public void FL0307_OmittedRowsAreCountedAndListedOneBased()
    {
        var result = Build("y ~ x + a + (1 | g)", DesignFixtures.Load("toy"));
        var d = Single(result, DesignCodes.RowsOmitted);
        Assert.Equal(DiagnosticSeverity.Info, d.Severity);
        Assert.Equal("4 rows of 16 omitted because of missing values (y: 1, x: 2, a: 1): rows 3, 4, 7, 16", d.Message);
        Assert.Equal(new[] { 3, 4, 7, 16 }, result.Design!.OmittedRows);
        Assert.Equal(12, result.Design.RowCount);
    }

    [Fact]
    public void FL0308_NonFiniteComputedValuesAreOmittedWithAWarning()
    {
        const string f = "Reaction ~ log(Days) + (1 | Subject)";
        var result = Build(f, Sleep);
        var d = Single(result, DesignCodes.NonFiniteValues);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Contains("'log(Days)' is not a finite number", d.Message);
        Assert.Contains("18 rows", d.Message);
        Assert.Equal("log(Days)", Marked(f, d));
        Assert.Equal(162, result.Design!.RowCount);
        Assert.Equal(Enumerable.Range(0, 18).Select(s => s * 10 + 1), result.Design.OmittedRows);
        Assert.DoesNotContain(result.Diagnostics, x => x.Code == DesignCodes.RowsOmitted);
    }

    [Fact]
    public void FL0309_GroupingFactorWithOneLevel()
    {
        var t = Table(new NumericColumn("y", new[] { 1.0, 2, 3, 4 }), new NumericColumn("x", new[] { 1.0, 2, 3, 5 }), Factor("g", "a", "a", "a", "a"));
        const string f = "y ~ x + (1 | g)";
        var d = Single(Build(f, t), DesignCodes.GroupingFactorTooFewLevels);
        Assert.Contains("'g' has a single level ('a')", d.Message);
        Assert.Contains("grouping factors must have > 1 sampled level", d.Message);
        Assert.Equal("g", Marked(f, d));
    }

    [Fact]
    public void FL0310_AsManyLevelsAsObservations()
    {
        const string f = "Reaction ~ Days + (1 | Days:Subject)";
        var d = Single(Build(f, Sleep), DesignCodes.GroupingFactorTooManyLevels);
        Assert.Contains("'Days:Subject' has 180 levels for 180 observations", d.Message);
        Assert.Contains("number of levels of each grouping factor must be < number of observations (problems: Days:Subject)", d.Message);
        Assert.Equal("Days:Subject", Marked(f, d));
    }

    [Fact]
    public void FL0311_ObservationsNotMoreThanRandomEffects()
    {
        // Two days per subject: 36 observations, 18 × 2 random effects.
        var rows = Enumerable.Range(0, 180).Where(i => i % 10 < 2).ToArray();
        const string f = "Reaction ~ Days + (Days | Subject)";
        var d = Single(Build(f, Sleep.Subset(rows)), DesignCodes.TooFewObservations);
        Assert.Equal("number of observations (=36) <= number of random effects (=36) for term (Days | Subject); " +
                     "the random-effects parameters and the residual variance (or scale parameter) are probably unidentifiable", d.Message);
        Assert.Equal("(Days | Subject)", Marked(f, d));
    }

    [Fact]
    public void FL0312_RankDeficientColumnsAreDroppedAsLme4Does()
    {
        var result = Build("strength ~ cask + sample + (1 | batch)", DesignFixtures.Load("Pastes"));
        var d = Single(result, DesignCodes.RankDeficient);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Equal("fixed-effect model matrix is rank deficient so dropping 2 columns / coefficients: 'sampleJ:b', 'sampleJ:c'", d.Message);
        Assert.Equal(new[] { "sampleJ:b", "sampleJ:c" }, result.Design!.Fixed.DroppedColumns);
        Assert.Equal(30, result.Design.Fixed.ColumnCount);
    }

    [Fact]
    public void FL0313_FactorWithASingleLevelInTheRowsUsed()
    {
        var t = Table(
            new NumericColumn("y", new[] { 1.0, 2, 3, 4, 5 }),
            Factor("a", "u", "u", "u", "u", "v"),
            new NumericColumn("x", new[] { 1.0, 2, 3, 4, double.NaN }),
            Factor("g", "p", "p", "q", "q", "q"));
        const string f = "y ~ x + a + (1 | g)";
        var d = Single(Build(f, t), DesignCodes.SingleLevelFactor);
        Assert.Contains("'a' has a single level ('u')", d.Message);
        Assert.Equal("a", Marked(f, d));
    }

    [Theory]
    [InlineData("Reaction ~ poly(Days, 0) + (1 | Subject)", "0", "whole number ≥ 1")]
    [InlineData("Reaction ~ poly(Days, 10) + (1 | Subject)", "poly(Days, 10)", "less than the number of distinct values of 'Days' (10)")]
    [InlineData("Reaction ~ log(Days + 1, -2) + (1 | Subject)", "-2", "base of log()")]
    [InlineData("Reaction ~ scale(Days, center = 2) + (1 | Subject)", "2", "TRUE or FALSE")]
    [InlineData("Reaction ~ poly(Days, 2, rwa = TRUE) + (1 | Subject)", "rwa = TRUE", "no argument 'rwa'")]
    [InlineData("Reaction ~ factor(Days, Subject) + (1 | Subject)", "Subject", "too many arguments to factor()")]
    public void FL0314_InvalidArgumentsOfKnownFunctions(string formula, string marked, string message)
    {
        var d = Single(Build(formula, Sleep), DesignCodes.InvalidArguments);
        Assert.Contains(message, d.Message);
        Assert.Equal(marked, Marked(formula, d));
    }

    [Theory]
    [InlineData("Reaction ~ Days + cs(1 + Days | Subject)", "compound symmetry")]
    [InlineData("Reaction ~ Days + ar1(0 + factor(Days) | Subject)", "autoregressive")]
    public void FL0315_CovarianceStructuresNotSupportedYet(string formula, string what)
    {
        var d = Single(Build(formula, Sleep), DesignCodes.CovarianceNotSupported);
        Assert.Contains(what, d.Message);
        Assert.Contains("'Subject'", d.Message);
    }

    [Fact]
    public void FL0316_ConstantOrMatrixWhereAVariableIsNeeded()
    {
        const string f = "Reaction ~ I(2) + I(poly(Days, 2) + 1) + (1 | Subject)";
        var result = Build(f, Sleep);
        var all = result.Diagnostics.Where(d => d.Code == DesignCodes.UnsupportedExpression).ToList();
        Assert.Equal(2, all.Count);
        Assert.Contains("'I(2)' is a constant", all[0].Message);
        Assert.Equal("I(2)", Marked(f, all[0]));
        Assert.Contains("several columns", all[1].Message);
    }

    [Fact]
    public void FL0317_ContrastsForANameThatIsNotAFixedFactor()
    {
        var result = Build("Reaction ~ Days + (1 | Subject)", Sleep,
            new DesignOptions { Contrasts = new Dictionary<string, ContrastKind> { ["Days"] = ContrastKind.Sum } });
        var d = Single(result, DesignCodes.UnusedContrasts);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Contains("'Days'", d.Message);
        Assert.NotNull(result.Design);
    }

    [Fact]
    public void FL0318_RandomTermWithoutColumns()
    {
        // The Terms stage already refuses (0 | g); a spec built by hand can still have no effects.
        var syntax = Formula.Parse("Reaction ~ Days + (1 | Subject)");
        var days = new TermVariable(new NameExpression("Days", new TextSpan(11, 4)));
        var subject = new TermVariable(new NameExpression("Subject", new TextSpan(23, 7)));
        var spec = new ModelSpec(syntax, new TermVariable(new NameExpression("Reaction", new TextSpan(0, 8))), true,
            new[] { new ModelTerm(new[] { days }, days.Expression.Span) }, Array.Empty<TermVariable>(),
            new[] { new RandomTermSpec(false, Array.Empty<ModelTerm>(), new[] { subject }, CovarianceStructure.Unstructured, new TextSpan(18, 13)) },
            DiagnosticList.Empty);
        var d = Single(DesignBuilder.Build(spec, Sleep), DesignCodes.EmptyRandomTerm);
        Assert.Contains("'Subject' has no effects", d.Message);
    }

    [Fact]
    public void FL0319_CategoricalOffset()
    {
        const string f = "distance ~ age + offset(Sex) + (1 | Subject)";
        var d = Single(Build(f, Orthodont), DesignCodes.NonNumericOffset);
        Assert.Contains("'Sex'", d.Message);
        Assert.Equal("Sex", Marked(f, d));
    }

    [Fact]
    public void FL0320_UnknownCategoricalColumnIsAWarning()
    {
        var result = Build("Reaction ~ Days + (1 | Subject)", Sleep, new DesignOptions { CategoricalColumns = new[] { "Subjet" } });
        var d = Single(result, DesignCodes.UnknownCategoricalColumn);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Contains("did you mean 'Subject'?", d.Message);
        Assert.NotNull(result.Design);
    }

    [Fact]
    public void FL0321_MatrixAsGroupingFactor()
    {
        // The Terms stage only lets column names group; a spec built by hand may hold any expression.
        var spec = ModelSpec.Parse("Reaction ~ Days + (1 | Subject)");
        var poly = Formula.Parse("~ poly(Days, 2)").RightHandSide;
        spec = spec with { RandomTerms = new[] { spec.RandomTerms[0] with { GroupVariables = new[] { new TermVariable(poly) } } } };
        var d = Single(DesignBuilder.Build(spec, Sleep), DesignCodes.InvalidGroupingVariable);
        Assert.Contains("'poly(Days, 2)'", d.Message);
    }

    [Fact]
    public void FL0322_PredictorsOnVeryDifferentScalesAsLme4Warns()
    {
        var cake = DesignFixtures.Load("cake");
        var d = Single(Build("angle ~ temp + I(temp^2) + (1 | replicate)", cake), DesignCodes.PredictorScales);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.StartsWith("Some predictor variables are on very different scales: consider rescaling", d.Message);
        Assert.Contains("'I(temp^2)'", d.Message);
        // Scaled, or 0/1 indicator columns only: no warning.
        Assert.DoesNotContain(Build("angle ~ scale(temp) + recipe + (1 | replicate)", cake).Diagnostics, x => x.Code == DesignCodes.PredictorScales);
        Assert.DoesNotContain(Build("Reaction ~ Days + (1 | Subject)", Sleep).Diagnostics, x => x.Code == DesignCodes.PredictorScales);
    }

    [Fact]
    public void EveryProblemIsReportedNotOnlyTheFirst()
    {
        const string f = "Sex ~ log(Sex) + agee + foo(age) + (1 | Subjec)";
        var codes = Build(f, Orthodont).Diagnostics.Select(d => d.Code).ToList();
        Assert.Contains(DesignCodes.NonNumericResponse, codes);
        Assert.Contains(DesignCodes.CategoricalInNumericContext, codes);
        Assert.Contains(DesignCodes.UnknownFunction, codes);
        Assert.Equal(2, codes.Count(c => c == DesignCodes.UnknownVariable));
    }

    [Fact]
    public void TheConvenienceEntryPointThrowsWithAllDiagnostics()
    {
        var ex = Assert.Throws<FormulaLmmException>(() => TestDesigns.Build("Reaction ~ dayz + (1 | Subjct)", Sleep));
        Assert.Equal(2, ex.Diagnostics.Count(d => d.Code == DesignCodes.UnknownVariable));
        Assert.Equal("Reaction ~ dayz + (1 | Subjct)", ex.Source);
        var syntax = Assert.Throws<FormulaLmmException>(() => TestDesigns.Build("Reaction ~ (1 | ", Sleep));
        Assert.All(syntax.Diagnostics.Where(d => d.IsError), d => Assert.StartsWith("FL00", d.Code));
    }
}
