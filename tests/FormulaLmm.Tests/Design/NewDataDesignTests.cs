using System.Text.Json;
using FormulaLmm.Data;
using FormulaLmm.Design;
using static FormulaLmm.Tests.Design.DesignFixtures;

namespace FormulaLmm.Tests.Design;

/// <summary>
/// A training design evaluated on new rows (the base of prediction): stateful transforms reuse
/// the training coefficients, factors the training levels, X the training columns; checked
/// against the rows lme4's predict machinery builds (Fixtures/design/new_data.R).
/// </summary>
public class NewDataDesignTests
{
    private static Table Sleep => Load("sleepstudy");

    private static NewDataDesign NewRows(LmmDesign training, Table data)
    {
        var result = DesignBuilder.BuildNewRows(training, data);
        Assert.True(result.Success, string.Join("; ", result.Diagnostics));
        return result.Design!;
    }

    /// <summary>A table from the fixture's columns: numbers (with "NA") or strings.</summary>
    private static Table Table(JsonElement columns)
    {
        var list = new List<TableColumn>();
        foreach (var column in columns.EnumerateObject())
        {
            var values = column.Value.EnumerateArray().ToList();
            if (values.All(v => v.ValueKind == JsonValueKind.Number || v.GetString() == "NA"))
                list.Add(new NumericColumn(column.Name, values.Select(Number).ToArray()));
            else
            {
                var labels = values.Select(v => v.GetString()!).ToArray();
                var levels = labels.Distinct().Order(StringComparer.Ordinal).ToArray();
                list.Add(new CategoricalColumn(column.Name, labels.Select(l => Array.IndexOf(levels, l)).ToArray(), levels));
            }
        }
        return new Table(list, "new");
    }

    [Fact]
    public void NewRowsGetTheColumnsLme4PredictBuilds()
    {
        int cases = 0;
        foreach (var c in ReadJson("design", "new_data.json").GetProperty("cases").EnumerateArray())
        {
            var formula = c.GetProperty("formula").GetString()!;
            var training = TestDesigns.Build(formula, Load(c.GetProperty("data").GetString()!));
            var rows = NewRows(training, Table(c.GetProperty("newdata")));

            Assert.Equal(Ints(c.GetProperty("rows")).Select(r => r - 1), rows.KeptRows);
            var fixedColumns = Strings(c.GetProperty("fixed").GetProperty("columns"));
            Assert.Equal(fixedColumns, rows.Fixed.ColumnNames);
            var xRows = c.GetProperty("fixed").GetProperty("rows").EnumerateArray().Select(Numbers).ToArray();
            Assert.Equal(xRows.Length, rows.RowCount);
            for (int i = 0; i < xRows.Length; i++)
                for (int j = 0; j < fixedColumns.Length; j++)
                    AssertClose(xRows[i][j], rows.Fixed[i, j], $"{formula}: X[{i}, {fixedColumns[j]}]");

            var random = c.GetProperty("random").EnumerateArray().ToList();
            Assert.Equal(random.Count, rows.RandomTerms.Count);
            for (int t = 0; t < random.Count; t++)
            {
                var term = training.RandomTerms[t];
                var expected = random[t];
                Assert.Equal(expected.GetProperty("group").GetString(), term.GroupName);
                Assert.Equal(Strings(expected.GetProperty("columns")), term.ColumnNames);
                var labels = Strings(expected.GetProperty("levels"));
                var z = expected.GetProperty("z").EnumerateArray().Select(Numbers).ToArray();
                var got = rows.RandomTerms[t];
                // R's script writes a missing grouping value as "<missing>": like a new level, code -1.
                const string missing = "<missing>";
                for (int i = 0; i < labels.Length; i++)
                {
                    int level = labels[i] == missing ? -1 : term.Levels.ToList().IndexOf(labels[i]);
                    Assert.Equal(level, got.LevelCodes[i]);
                    for (int j = 0; j < term.K; j++)
                        AssertClose(z[i][j], got.ZValues[i * term.K + j], $"{formula}: z[{i}, {term.ColumnNames[j]}]");
                }
                Assert.Equal(labels.Where(l => l != missing && !term.Levels.Contains(l)).Distinct(), got.NewLevels);
            }
            cases++;
        }
        Assert.Equal(4, cases);
    }

    [Theory]
    [InlineData("Reaction ~ poly(Days, 2) + (poly(Days, 2) | Subject)")]
    [InlineData("Reaction ~ scale(Days) + (scale(Days) | Subject)")]
    [InlineData("Reaction ~ poly(Days, 3) * scale(Days, center = FALSE) + exp(scale(Days)) + (1 | Subject)")]
    public void TheTrainingRowsAsNewDataGiveTheTrainingColumns(string formula)
    {
        // The same x values must get the same columns, although a few of the rows alone would
        // give other coefficients: the proof that the training coefficients are reused.
        var training = TestDesigns.Build(formula, Sleep);
        int[] picked = { 179, 3, 40, 41, 0, 97 };
        var rows = NewRows(training, Subset(Sleep, picked));
        Assert.Equal(training.Fixed.ColumnNames, rows.Fixed.ColumnNames);
        for (int i = 0; i < picked.Length; i++)
        {
            for (int j = 0; j < training.Fixed.ColumnCount; j++)
                AssertClose(training.Fixed[picked[i], j], rows.Fixed[i, j], $"{formula}: X[{picked[i]}, {training.Fixed.ColumnNames[j]}]");
            for (int t = 0; t < training.RandomTerms.Count; t++)
            {
                var term = training.RandomTerms[t];
                Assert.Equal(term.LevelCodes[picked[i]], rows.RandomTerms[t].LevelCodes[i]);
                for (int j = 0; j < term.K; j++)
                    AssertClose(term.ZValues[picked[i] * term.K + j], rows.RandomTerms[t].ZValues[i * term.K + j], $"{formula}: z[{picked[i]}, {j}]");
            }
        }
    }

    [Fact]
    public void FactorsAreCodedByTheTrainingLevels()
    {
        var training = TestDesigns.Build("distance ~ age * Sex + (1 | Subject)", Load("Orthodont"));
        var data = new Table(new TableColumn[]
        {
            new NumericColumn("age", new[] { 8.0, 12 }),
            // Only the training data's second level, and the levels in another order.
            new CategoricalColumn("Sex", new[] { 1, 1 }, new[] { "Alien", "Male" }),
            new CategoricalColumn("Subject", new[] { 0, 1 }, new[] { "M01", "Q1" }),
        });
        var rows = NewRows(training, data);
        Assert.Equal(new[] { "(Intercept)", "age", "SexMale", "age:SexMale" }, rows.Fixed.ColumnNames);
        Assert.Equal(new[] { 1.0, 8, 1, 8 }, Enumerable.Range(0, 4).Select(j => rows.Fixed[0, j]));
        Assert.Equal(new[] { 1.0, 12, 1, 12 }, Enumerable.Range(0, 4).Select(j => rows.Fixed[1, j]));
        Assert.Equal(new[] { training.RandomTerms[0].Levels.ToList().IndexOf("M01"), -1 }, rows.RandomTerms[0].LevelCodes);
        Assert.Equal(new[] { "Q1" }, rows.RandomTerms[0].NewLevels);
    }

    [Fact]
    public void MissingValuesOmitTheRowButAMissingGroupDoesNot()
    {
        var training = TestDesigns.Build("Reaction ~ poly(Days, 2) + (1 | Subject)", Sleep);
        var data = new Table(new TableColumn[]
        {
            new NumericColumn("Days", new[] { 1.0, double.NaN, 2 }),
            new CategoricalColumn("Subject", new[] { 0, 0, -1 }, new[] { "308" }),
        });
        var rows = NewRows(training, data);
        Assert.Equal(new[] { 0, 2 }, rows.KeptRows);
        Assert.Equal(new[] { 2 }, rows.OmittedRows);
        Assert.Equal(-1, rows.RandomTerms[0].LevelCodes[1]);
        Assert.Empty(rows.RandomTerms[0].NewLevels);
    }

    [Fact]
    public void ANewLevelOfAFixedFactorIsAnError()
    {
        var training = TestDesigns.Build("distance ~ age + Sex + (1 | Subject)", Load("Orthodont"));
        var data = new Table(new TableColumn[]
        {
            new NumericColumn("age", new[] { 8.0 }),
            new CategoricalColumn("Sex", new[] { 0 }, new[] { "Other" }),
            new CategoricalColumn("Subject", new[] { 0 }, new[] { "M01" }),
        });
        var result = DesignBuilder.BuildNewRows(training, data);
        Assert.Null(result.Design);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(DesignCodes.NewFactorLevel, d.Code);
        Assert.Equal("the factor 'Sex' has a new level 'Other' in the new data; the model knows only 'Female', 'Male'", d.Message);
        Assert.Equal("Sex", training.Formula.Substring(d.Span!.Value.Start, d.Span.Value.Length));
    }

    [Fact]
    public void AVariableOfAnotherKindIsAnError()
    {
        var training = TestDesigns.Build("Reaction ~ scale(Days) + (1 | Subject)", Sleep);
        var data = new Table(new TableColumn[]
        {
            new CategoricalColumn("Days", new[] { 0 }, new[] { "one" }),
            new CategoricalColumn("Subject", new[] { 0 }, new[] { "308" }),
        });
        var result = DesignBuilder.BuildNewRows(training, data);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(DesignCodes.CategoricalInNumericContext, d.Code);

        var factorTraining = TestDesigns.Build("distance ~ Sex + (1 | Subject)", Load("Orthodont"));
        var numeric = new Table(new TableColumn[]
        {
            new NumericColumn("Sex", new[] { 1.0 }),
            new CategoricalColumn("Subject", new[] { 0 }, new[] { "M01" }),
        });
        var mismatch = Assert.Single(DesignBuilder.BuildNewRows(factorTraining, numeric).Diagnostics);
        Assert.Equal(DesignCodes.NewDataTypeMismatch, mismatch.Code);
        Assert.Equal("'Sex' is numeric in the new data but was categorical in the training data, so the model's columns for it cannot be built", mismatch.Message);
    }

    [Fact]
    public void AMissingColumnIsReportedAsInTraining()
    {
        var training = TestDesigns.Build("Reaction ~ poly(Days, 2) + (1 | Subject)", Sleep);
        var data = new Table(new TableColumn[] { new NumericColumn("Day", new[] { 1.0 }), new NumericColumn("Subject", new[] { 308.0 }) }, "new");
        var d = Assert.Single(DesignBuilder.BuildNewRows(training, data).Diagnostics);
        Assert.Equal(DesignCodes.UnknownVariable, d.Code);
        Assert.Contains("did you mean 'Day'?", d.Message);
    }

    [Fact]
    public void OffsetsAreEvaluatedOnTheNewRows()
    {
        var training = TestDesigns.Build("y ~ a + offset(z) + (1 | g)", Load("toy"));
        var data = new Table(new TableColumn[]
        {
            new CategoricalColumn("a", new[] { 0, 1 }, new[] { "hi", "lo" }),
            new NumericColumn("z", new[] { 2.5, -1 }),
            new CategoricalColumn("g", new[] { 0, 0 }, new[] { "g1" }),
        });
        var rows = NewRows(training, data);
        Assert.Equal(new[] { 2.5, -1 }, rows.Offset);
    }

    [Fact]
    public void ADesignNotBuiltFromDataHasNoRecipe()
    {
        var training = TestDesigns.Build("Reaction ~ Days + (1 | Subject)", Sleep);
        var copy = new LmmDesign(training.Formula, training.ResponseName, training.Response, training.Fixed, training.RandomTerms,
            training.Offset, training.KeptRows, training.OmittedRows, training.Diagnostics);
        Assert.Throws<ArgumentException>(() => DesignBuilder.BuildNewRows(copy, Sleep));
    }

    private static Table Subset(Table data, int[] rows)
    {
        var columns = data.Columns.Select(c => c switch
        {
            NumericColumn n => (TableColumn)new NumericColumn(n.Name, rows.Select(r => n.Values[r]).ToArray()),
            CategoricalColumn f => new CategoricalColumn(f.Name, rows.Select(r => f.Codes[r]).ToArray(), f.Levels, f.IsOrdered, f.IsLogical),
            _ => throw new InvalidOperationException(),
        }).ToList();
        return new Table(columns, "subset");
    }
}
