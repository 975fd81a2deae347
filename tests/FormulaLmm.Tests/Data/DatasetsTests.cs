using System.Text.Json;
using FormulaLmm.Cli;
using FormulaLmm.Data;
using FormulaLmm.Diagnostics;

namespace FormulaLmm.Tests.Data;

/// <summary>The embedded data sets against R's own copies (Fixtures/datasets/datasets.json, written by datasets.R).</summary>
public class DatasetsTests
{
    private static readonly JsonElement Reference =
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "datasets", "datasets.json"))).RootElement;

    public static TheoryData<string> Names() => new(Reference.EnumerateArray().Select(d => d.GetProperty("name").GetString()!));

    [Fact]
    public void EveryReferenceDataSetIsEmbedded()
    {
        Assert.Equal(Reference.EnumerateArray().Select(d => d.GetProperty("name").GetString()), Datasets.All.Select(d => d.Name));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void DataSetIsTypedExactlyAsInR(string name)
    {
        var expected = Reference.EnumerateArray().Single(d => d.GetProperty("name").GetString() == name);
        var table = Datasets.Load(name);
        var info = Datasets.Find(name)!;

        Assert.Equal(name, table.Name);
        Assert.Equal(expected.GetProperty("rows").GetInt32(), table.RowCount);
        Assert.Equal(info.Rows, table.RowCount);
        var columns = expected.GetProperty("columns").EnumerateArray().ToArray();
        Assert.Equal(columns.Select(c => c.GetProperty("name").GetString()), table.ColumnNames);
        Assert.Equal(info.Columns, table.Columns.Count);
        Assert.Equal(table.Columns.OfType<CategoricalColumn>().Select(c => c.Name), info.CategoricalColumns);

        foreach (var c in columns)
        {
            var column = table[c.GetProperty("name").GetString()!];
            var first = c.GetProperty("first").EnumerateArray().ToArray();
            if (c.GetProperty("kind").GetString() == "numeric")
            {
                var values = Assert.IsType<NumericColumn>(column).Values;
                Assert.Equal(c.GetProperty("sum").GetDouble(), values.Sum(), 1e-9 * Math.Max(1, Math.Abs(values.Sum())));
                Assert.Equal(first.Select(v => v.GetDouble()), values.Take(first.Length));
            }
            else
            {
                var factor = Assert.IsType<CategoricalColumn>(column);
                Assert.Equal(c.GetProperty("levels").EnumerateArray().Select(l => l.GetString()), factor.Levels);
                Assert.Equal(c.GetProperty("ordered").GetBoolean(), factor.IsOrdered);
                Assert.False(factor.IsLogical);
                var counts = new int[factor.Levels.Count];
                foreach (var code in factor.Codes) counts[code]++;
                Assert.Equal(c.GetProperty("counts").EnumerateArray().Select(v => v.GetInt32()), counts);
                Assert.Equal(first.Select(v => v.GetInt32()), factor.Codes.Take(first.Length));
            }
        }
    }

    [Fact]
    public void NamesAreCaseInsensitiveAndTablesAreSharedOnce()
    {
        Assert.True(Datasets.TryLoad("SLEEPSTUDY", out var upper));
        Assert.Same(Datasets.Load("sleepstudy"), upper);
        Assert.False(Datasets.TryLoad("nosuch", out _));
    }

    [Fact]
    public void UnknownDataSetSuggestsTheClosestName()
    {
        var ex = Assert.Throws<FormulaLmmException>(() => Datasets.Load("sleepstudie"));
        var d = Assert.Single(ex.Diagnostics);
        Assert.Equal(DataCodes.UnknownDataset, d.Code);
        Assert.Contains("did you mean 'sleepstudy'?", d.Message);
        Assert.Contains("Penicillin", d.Message);
    }

    [Fact]
    public void DataSourceResolvesFilesAndDataSetNames()
    {
        var t = DataSource.Load("Penicillin");
        Assert.Same(Datasets.Load("Penicillin"), t);
        var withFactor = DataSource.Load("sleepstudy", new[] { "Days" });
        Assert.Equal(10, ((CategoricalColumn)withFactor["Days"]).Levels.Count);

        var file = Path.Combine(Path.GetTempPath(), $"formulalmm-{Guid.NewGuid():N}.csv");
        File.WriteAllText(file, "g,y\n1,2\n2,3\n");
        try
        {
            var fromFile = DataSource.Load(file, new[] { "g" });
            Assert.Equal(new[] { "1", "2" }, ((CategoricalColumn)fromFile["g"]).Levels);
        }
        finally { File.Delete(file); }

        var missing = Assert.Single(Assert.Throws<FormulaLmmException>(() => DataSource.Load("Dyestuf")).Diagnostics);
        Assert.Equal(DataCodes.FileNotFound, missing.Code);
        Assert.Contains("did you mean 'Dyestuff'?", missing.Message);
        Assert.Equal(DataCodes.FileNotFound,
            Assert.Single(Assert.Throws<FormulaLmmException>(() => DataSource.Load("nothing/here.csv")).Diagnostics).Code);
    }

    [Fact]
    public void DatasetsCommandListsEverySetWithItsSize()
    {
        var (code, stdout, _) = Run("datasets");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("InstEval", stdout);
        Assert.Contains("73,421", stdout);
        Assert.Contains("Reaction ~ Days + (Days | Subject)", stdout);
        foreach (var d in Datasets.All) Assert.Contains(d.Name, stdout);
    }

    [Fact]
    public void DatasetsCommandJson()
    {
        var (code, stdout, _) = Run("datasets", "--json");
        Assert.Equal(ExitCodes.Success, code);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(Datasets.All.Count, json.GetArrayLength());
        var sleep = json[0];
        Assert.Equal("sleepstudy", sleep.GetProperty("name").GetString());
        Assert.Equal(180, sleep.GetProperty("rows").GetInt32());
        Assert.Equal(3, sleep.GetProperty("columns").GetInt32());
        Assert.Equal("Reaction ~ Days + (Days | Subject)", sleep.GetProperty("typical_formula").GetString());
        Assert.Equal(new[] { "Subject" }, sleep.GetProperty("categorical").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void DatasetsCommandHelpAndUsageErrors()
    {
        var (code, stdout, _) = Run("datasets", "--help");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("Examples:", stdout);
        Assert.Equal(ExitCodes.UserError, Run("datasets", "--bogus").Code);
        Assert.Equal(ExitCodes.UserError, Run("datasets", "extra").Code);
    }

    private static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
