using System.IO.Compression;
using System.Text;
using FormulaLmm.Data;
using FormulaLmm.Diagnostics;

namespace FormulaLmm.Tests.Data;

public class CsvReaderTests
{
    private static Table Read(string text, CsvReadOptions? options = null) => CsvReader.ReadText(text, options, "test.csv");

    private static double[] Numbers(Table t, string column) => Assert.IsType<NumericColumn>(t[column]).Values;

    private static CategoricalColumn Factor(Table t, string column) => Assert.IsType<CategoricalColumn>(t[column]);

    private static string?[] Labels(Table t, string column)
    {
        var f = Factor(t, column);
        return Enumerable.Range(0, f.Length).Select(f.ValueAt).ToArray();
    }

    private static Diagnostic Fails(Action read)
    {
        var ex = Assert.Throws<FormulaLmmException>(read);
        return Assert.Single(ex.Diagnostics);
    }

    [Fact]
    public void NumericAndCategoricalColumnsAreDetectedAsRDoes()
    {
        var t = Read("y,x,g\n1.5,2,b\n2.5,-3e2,a\n4,.5,b\n");
        Assert.Equal(3, t.RowCount);
        Assert.Equal(new[] { "y", "x", "g" }, t.ColumnNames);
        Assert.Equal(new[] { 1.5, 2.5, 4 }, Numbers(t, "y"));
        Assert.Equal(new[] { 2, -300, 0.5 }, Numbers(t, "x"));
        Assert.Equal(new[] { "a", "b" }, Factor(t, "g").Levels);
        Assert.Equal(new[] { 1, 0, 1 }, Factor(t, "g").Codes);
        Assert.Equal("test.csv", t.Name);
    }

    [Fact]
    public void QuotedNumbersAreNumbers()
    {
        var t = Read("\"a\",\"b\"\n\"1\",\" 2 \"\n\"3.25\",4\n");
        Assert.Equal(new[] { 1, 3.25 }, Numbers(t, "a"));
        Assert.Equal(new[] { 2.0, 4 }, Numbers(t, "b"));
    }

    [Fact]
    public void OneNonNumberMakesTheColumnCategoricalWithOrdinalLevels()
    {
        var t = Read("g\n10\n9\nx\n10\n");
        Assert.Equal(new[] { "10", "9", "x" }, Factor(t, "g").Levels);
        Assert.Equal(new[] { 0, 1, 2, 0 }, Factor(t, "g").Codes);
    }

    [Fact]
    public void LabelsAreOrderedAsRsFactorOrdersThem()
    {
        // R 4.2 (ICU root collation, the default on this machine): levels(factor(c("b", "B", "a", "A", "_")))
        var t = Read("g\nb\nB\na\nA\n_\n");
        Assert.Equal(new[] { "_", "a", "A", "b", "B" }, Factor(t, "g").Levels);
    }

    [Fact]
    public void RfcQuotingCommasDoubledQuotesAndNewlines()
    {
        var t = Read("id,text\n1,\"x, y\"\n2,\"say \"\"hi\"\"\"\n3,\"line1\nline2\"\n4,\"\"\"\"\n5,plain\n");
        Assert.Equal(new[] { "x, y", "say \"hi\"", "line1\nline2", "\"", "plain" }, Labels(t, "text"));
        Assert.Equal(new[] { 1.0, 2, 3, 4, 5 }, Numbers(t, "id"));
    }

    [Fact]
    public void EqualLabelsWithAndWithoutEscapesShareALevel()
    {
        var t = Read("g\n\"a\"\"b\"\n\"a\"\"b\"\nc\n");
        Assert.Equal(new[] { "a\"b", "c" }, Factor(t, "g").Levels);
        Assert.Equal(new[] { 0, 0, 1 }, Factor(t, "g").Codes);
    }

    [Fact]
    public void EmptyFieldsAndNaAreMissingInEveryColumn()
    {
        var t = Read("y,g\n1,a\n,b\nNA,NA\n2,\n\"NA\",\"\"\n 3 , NA \n");
        var y = Numbers(t, "y");
        Assert.Equal(1, y[0]);
        Assert.True(double.IsNaN(y[1]) && double.IsNaN(y[2]) && double.IsNaN(y[4]));
        Assert.Equal(new[] { false, true, true, false, true, false }, Enumerable.Range(0, 6).Select(t["y"].IsMissing));
        Assert.Equal(new[] { "a", "b", null, null, null, null }, Labels(t, "g"));
        Assert.Equal(new[] { "a", "b" }, Factor(t, "g").Levels);
        Assert.Equal(3, y[5]);
    }

    [Fact]
    public void NonFiniteValuesAndOtherNumberFormatsParseAsNumbers()
    {
        var t = Read("v\nInf\n-Inf\nNaN\ninf\n-infinity\n0x1A\n1e5\n+4\n5.\n-.25\n1E-3\n");
        var v = Numbers(t, "v");
        Assert.Equal(double.PositiveInfinity, v[0]);
        Assert.Equal(double.NegativeInfinity, v[1]);
        Assert.True(double.IsNaN(v[2]));
        Assert.Equal(double.PositiveInfinity, v[3]);
        Assert.Equal(double.NegativeInfinity, v[4]);
        Assert.Equal(new[] { 26, 1e5, 4, 5, -0.25, 0.001 }, v[5..]);
    }

    [Theory]
    [InlineData("1,000")]
    [InlineData("1L")]
    [InlineData("1d5")]
    [InlineData("1e")]
    [InlineData("--1")]
    [InlineData("1.2.3")]
    [InlineData(".")]
    public void TextThatRDoesNotReadAsANumberMakesACategoricalColumn(string value)
    {
        var t = Read($"v\n1\n\"{value}\"\n");
        Assert.Equal(new[] { "1", value }, Labels(t, "v"));
    }

    [Fact]
    public void DecimalsParseToTheCorrectlyRoundedDouble()
    {
        var text = new[] { "0.1", "2.675", "1234567.891", "123456789012345", "0.30000000000000004", "9007199254740993", "-0" };
        var t = Read("v\n" + string.Join("\n", text) + "\n");
        var expected = text.Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(expected, Numbers(t, "v"));
        Assert.True(double.IsNegative(Numbers(t, "v")[6]));
    }

    [Fact]
    public void TrueFalseColumnsAreLogicalWithLevelsFalseTrue()
    {
        var t = Read("a,b,c\nTRUE,TRUE,true\nF,TRUE,false\nT,NA,true\n");
        var a = Factor(t, "a");
        Assert.True(a.IsLogical);
        Assert.Equal(new[] { "FALSE", "TRUE" }, a.Levels);
        Assert.Equal(new[] { 1, 0, 1 }, a.Codes);
        // Every value TRUE: both levels still exist, as R's model.matrix codes a logical (xTRUE).
        var b = Factor(t, "b");
        Assert.True(b.IsLogical);
        Assert.Equal(new[] { "FALSE", "TRUE" }, b.Levels);
        Assert.Equal(new[] { 1, 1, -1 }, b.Codes);
        // R 4.2's read.csv keeps lower-case true/false as text.
        var c = Factor(t, "c");
        Assert.False(c.IsLogical);
        Assert.Equal(new[] { "false", "true" }, c.Levels);
    }

    [Fact]
    public void ByteOrderMarkCrLfBlankLinesAndTrailingNewlineAreHandled()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("y,g\r\n 1 ,a\r\n\r\n2\t, b \r\n\r\n")).ToArray();
        var t = CsvReader.Read(new MemoryStream(bytes));
        Assert.Equal(new[] { "y", "g" }, t.ColumnNames);
        Assert.Equal(new[] { 1.0, 2 }, Numbers(t, "y"));
        Assert.Equal(new[] { "a", "b" }, Labels(t, "g"));
    }

    [Fact]
    public void NoTrailingNewlineAndQuotedFieldsKeepTheirSpaces()
    {
        var t = Read("g,h\n\" a \",x\n\"b\",y");
        Assert.Equal(new[] { " a ", "b" }, Labels(t, "g"));
        Assert.Equal(new[] { "x", "y" }, Labels(t, "h"));
    }

    [Fact]
    public void Utf8LabelsAndUtf16InputAreRead()
    {
        var t = Read("city,n\nZürich,1\nGenève,2\n東京,3\n");
        Assert.Equal(new[] { "Genève", "Zürich", "東京" }, Factor(t, "city").Levels);
        var utf16 = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("city\nZürich\n")).ToArray();
        Assert.Equal(new[] { "Zürich" }, Labels(CsvReader.ReadBytes(utf16), "city"));
    }

    [Fact]
    public void AStrayQuoteInsideAnUnquotedFieldIsKeptAsText()
    {
        var t = Read("g,n\nab\"c,1\n5\" tall,2\n");
        Assert.Equal(new[] { "ab\"c", "5\" tall" }, Labels(t, "g"));
        Assert.Equal(new[] { 1.0, 2 }, Numbers(t, "n"));
    }

    [Fact]
    public void RaggedRowIsAnErrorNamingTheLine()
    {
        var d = Fails(() => Read("a,b,c\n1,2,3\n4,5\n6,7,8\n"));
        Assert.Equal(DataCodes.RaggedRow, d.Code);
        Assert.Contains("line 3", d.Message);
        Assert.Contains("2 fields", d.Message);
        Assert.Contains("3 columns (a, b, c)", d.Message);

        var tooMany = Fails(() => Read("a,b\n1,2\n3,4\n5,6,7\n"));
        Assert.Equal(DataCodes.RaggedRow, tooMany.Code);
        Assert.Contains("line 4 of 'test.csv' has 3 fields but the header has 2 columns", tooMany.Message);
    }

    [Fact]
    public void LineNumbersCountPhysicalLinesIncludingQuotedNewlinesAndBlankLines()
    {
        var d = Fails(() => Read("a,b\n\"x\ny\",1\n\n2,3\n4\n"));
        Assert.Equal(DataCodes.RaggedRow, d.Code);
        Assert.Contains("line 6", d.Message);
    }

    [Fact]
    public void UnterminatedQuoteNamesTheLineWhereItOpened()
    {
        var d = Fails(() => Read("a,b\n1,x\n2,\"oops\n3,y\n"));
        Assert.Equal(DataCodes.UnterminatedQuote, d.Code);
        Assert.Contains("line 3", d.Message);
    }

    [Fact]
    public void TextAfterAClosingQuoteIsAnError()
    {
        var d = Fails(() => Read("a,b\n1,\"x\"y\n"));
        Assert.Equal(DataCodes.TextAfterClosingQuote, d.Code);
        Assert.Contains("line 2", d.Message);
        Assert.Contains("\"x\"", d.Message);
    }

    [Fact]
    public void DuplicateHeaderIsAnError()
    {
        var d = Fails(() => Read("a,b,a\n1,2,3\n"));
        Assert.Equal(DataCodes.DuplicateColumnName, d.Code);
        Assert.Contains("'a'", d.Message);
        Assert.Contains("columns 1 and 3", d.Message);
    }

    [Fact]
    public void EmptyHeaderCellsAreNamedAsRNamesThem()
    {
        var t = Read("\"\",y,\n1,2,3\n");
        Assert.Equal(new[] { "X", "y", "X.1" }, t.ColumnNames);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\r\n  \n")]
    public void EmptyFileIsAnError(string text)
    {
        var d = Fails(() => Read(text));
        Assert.Equal(DataCodes.EmptyFile, d.Code);
        Assert.Contains("test.csv", d.Message);
    }

    [Fact]
    public void HeaderOnlyGivesAnEmptyTable()
    {
        var t = Read("a,b\n");
        Assert.Equal(0, t.RowCount);
        Assert.Equal(new[] { "a", "b" }, t.ColumnNames);
    }

    [Fact]
    public void DeclaredCategoricalColumnsKeepTheirTextAndSortNumerically()
    {
        var t = Read("s,y\n10,1\n9,2\n2.0,3\n10,4\nNA,5\n", new CsvReadOptions { CategoricalColumns = new[] { "s" } });
        var s = Factor(t, "s");
        Assert.Equal(new[] { "2.0", "9", "10" }, s.Levels);
        Assert.Equal(new[] { 2, 1, 0, 2, -1 }, s.Codes);
        Assert.False(s.IsOrdered);
        Assert.IsType<NumericColumn>(t["y"]);
    }

    [Fact]
    public void DeclaredCategoricalTrueFalseStaysText()
    {
        var t = Read("b\nT\nF\n", new CsvReadOptions { CategoricalColumns = new[] { "b" } });
        Assert.False(Factor(t, "b").IsLogical);
        Assert.Equal(new[] { "F", "T" }, Factor(t, "b").Levels);
    }

    [Fact]
    public void LevelOrderAndOrderedColumnsAreApplied()
    {
        var options = new CsvReadOptions
        {
            LevelOrders = new Dictionary<string, IReadOnlyList<string>> { ["dose"] = new[] { "low", "mid", "high", "unused" } },
            OrderedColumns = new[] { "temp" },
        };
        var t = Read("dose,temp\nhigh,175\nlow,185\nmid,175\n", options);
        var dose = Factor(t, "dose");
        Assert.Equal(new[] { "low", "mid", "high", "unused" }, dose.Levels);
        Assert.Equal(new[] { 2, 0, 1 }, dose.Codes);
        var temp = Factor(t, "temp");
        Assert.True(temp.IsOrdered);
        Assert.Equal(new[] { "175", "185" }, temp.Levels);
    }

    [Fact]
    public void LevelOrderThatMissesAValueIsAnError()
    {
        var options = new CsvReadOptions { LevelOrders = new Dictionary<string, IReadOnlyList<string>> { ["g"] = new[] { "a", "b" } } };
        var d = Fails(() => Read("g\na\nb\nc\n", options));
        Assert.Equal(DataCodes.LevelsDoNotCoverData, d.Code);
        Assert.Contains("'c'", d.Message);
        Assert.Contains("column 'g'", d.Message);
    }

    [Fact]
    public void LevelOrderWithADuplicateIsAnError()
    {
        var options = new CsvReadOptions { LevelOrders = new Dictionary<string, IReadOnlyList<string>> { ["g"] = new[] { "a", "b", "a" } } };
        Assert.Equal(DataCodes.DuplicateLevel, Fails(() => Read("g\na\nb\n", options)).Code);
    }

    [Fact]
    public void UnknownColumnInOptionsIsAnErrorWithASuggestion()
    {
        var d = Fails(() => Read("Subject,y\n1,2\n", new CsvReadOptions { CategoricalColumns = new[] { "subject" } }));
        Assert.Equal(DataCodes.UnknownColumn, d.Code);
        Assert.Contains("'subject'", d.Message);
        Assert.Contains("did you mean 'Subject'?", d.Message);
    }

    [Fact]
    public void CustomMissingTokensReplaceTheDefaults()
    {
        var t = Read("y,g\n-99,a\n1,.\nNA,b\n", new CsvReadOptions { MissingTokens = new[] { "-99", "." } });
        // NA is no longer missing, so y has a non-number and becomes categorical, as R would make it.
        Assert.Equal(new[] { null, "1", "NA" }, Labels(t, "y"));
        Assert.Equal(new[] { "a", null, "b" }, Labels(t, "g"));
    }

    [Fact]
    public void OtherSeparators()
    {
        var t = Read("y;g\n1,5;a\n2;\"b;c\"\n", new CsvReadOptions { Separator = ';' });
        Assert.Equal(new[] { "1,5", "2" }, Labels(t, "y"));
        Assert.Equal(new[] { "a", "b;c" }, Labels(t, "g"));
        var tsv = Read("y\tg\n1\t a\n", new CsvReadOptions { Separator = '\t' });
        Assert.Equal(new[] { 1.0 }, Numbers(tsv, "y"));
        Assert.Equal(new[] { "a" }, Labels(tsv, "g"));
    }

    [Fact]
    public void AllMissingColumnIsNumeric()
    {
        var t = Read("a,b\n1,\n2,NA\n");
        Assert.All(Numbers(t, "b"), v => Assert.True(double.IsNaN(v)));
    }

    [Fact]
    public void ReadFileAndGzip()
    {
        var dir = Directory.CreateTempSubdirectory("formulalmm-csv");
        try
        {
            var plain = Path.Combine(dir.FullName, "d.csv");
            File.WriteAllText(plain, "y,g\n1,a\n2,b\n");
            var t = CsvReader.ReadFile(plain);
            Assert.Equal(plain, t.Name);
            Assert.Equal(new[] { 1.0, 2 }, Numbers(t, "y"));

            var gz = Path.Combine(dir.FullName, "d.csv.gz");
            using (var f = File.Create(gz))
            using (var z = new GZipStream(f, CompressionLevel.Optimal))
                z.Write(Encoding.UTF8.GetBytes("y,g\n3,c\n"));
            Assert.Equal(new[] { "c" }, Labels(CsvReader.ReadFile(gz), "g"));

            Assert.Equal(DataCodes.FileUnreadable, Fails(() => CsvReader.ReadFile(dir.FullName)).Code);
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void MissingFileIsAnError()
    {
        var d = Fails(() => CsvReader.ReadFile("/no/such/dir/data.csv"));
        Assert.Equal(DataCodes.FileNotFound, d.Code);
        Assert.Contains("/no/such/dir/data.csv", d.Message);
    }

    // Large inputs are split into blocks parsed in parallel: the result must not depend on it.
    [Fact]
    public void LargeInputGivesTheSameTableAsASequentialRead()
    {
        const int n = 200_000;
        var sb = new StringBuilder("g,y,late\n");
        for (int i = 0; i < n; i++)
            sb.Append('"').Append("s").Append(i / 7 % 1000).Append("\",").Append(i * 0.25).Append(',')
              .Append(i == n - 10 ? "text" : (i % 3).ToString()).Append('\n');
        var t = Read(sb.ToString());
        Assert.Equal(n, t.RowCount);
        var g = Factor(t, "g");
        Assert.Equal(1000, g.Levels.Count);
        Assert.Equal("s0", g.Levels[0]);
        Assert.Equal("s999", g.Levels[^1]);
        Assert.Equal("s" + (123_456 / 7 % 1000), g.ValueAt(123_456));
        Assert.Equal(123_456 * 0.25, Numbers(t, "y")[123_456]);
        // A single non-number near the end turns the whole column categorical, earlier blocks included.
        var late = Factor(t, "late");
        Assert.Equal(new[] { "0", "1", "2", "text" }, late.Levels);
        Assert.Equal("2", late.ValueAt(5));
        Assert.Equal("text", late.ValueAt(n - 10));
        Assert.Equal("1", late.ValueAt(n - 1));
    }

    [Fact]
    public void LargeInputReportsTheFirstBadLine()
    {
        const int n = 200_000;
        var sb = new StringBuilder("a,b\n");
        for (int i = 0; i < n; i++)
            sb.Append(i).Append(i == 60_000 || i == 190_000 ? "\n" : ",1\n");
        var d = Fails(() => Read(sb.ToString()));
        Assert.Equal(DataCodes.RaggedRow, d.Code);
        Assert.Contains("line 60002 ", d.Message);
    }
}
