using System.Collections;
using FormulaLmm.Data;
using FormulaLmm.Diagnostics;

namespace FormulaLmm.Tests.Data;

public class TableBuilderTests
{
    public enum Dose { Low, Mid, High }

    public sealed record Observation(double Reaction, int Days, string Subject, bool? Treated, Dose Dose, double? Weight, char Arm);

    public sealed class Row
    {
        public int Id { get; set; }
        public string? Site;
        public long? Count { get; init; }
        private double Hidden { get; set; }
        public double this[int i] => i;
        internal double Internal => Hidden;
    }

    private sealed record WithDate(double Y, DateTime When);

    private static Diagnostic Fails(Action act) => Assert.Single(Assert.Throws<FormulaLmmException>(act).Diagnostics);

    [Fact]
    public void FromColumnsMapsArrayTypesToColumnKinds()
    {
        var t = Table.FromColumns(new Dictionary<string, IEnumerable>
        {
            ["d"] = new[] { 1.5, 2.5, 3.5 },
            ["i"] = new[] { 1, 2, 3 },
            ["f"] = new[] { 0.5f, 1f, 2f },
            ["l"] = new long[] { 10, 20, 30 },
            ["dn"] = new double?[] { 1, null, 3 },
            ["in"] = new int?[] { null, 2, 3 },
            ["s"] = new[] { "b", null, "a" },
            ["b"] = new[] { true, false, true },
            ["bn"] = new bool?[] { null, true, true },
            ["e"] = new[] { Dose.High, Dose.Low, Dose.High },
            ["list"] = new List<double> { 7, 8, 9 },
            ["objects"] = new object?[] { 1, 2.5, null },
            ["u"] = new uint[] { 1, 4_000_000_000, 3 },
            ["us"] = new ushort[] { 1, 65_000, 3 },
        }, "mine");

        Assert.Equal("mine", t.Name);
        Assert.Equal(3, t.RowCount);
        Assert.Equal(new[] { "d", "i", "f", "l", "dn", "in", "s", "b", "bn", "e", "list", "objects", "u", "us" }, t.ColumnNames);
        Assert.Equal(new[] { 1.0, 4e9, 3 }, Assert.IsType<NumericColumn>(t["u"]).Values);
        Assert.Equal(new[] { 1.0, 65_000, 3 }, Assert.IsType<NumericColumn>(t["us"]).Values);
        Assert.Equal(new[] { 1.0, 2, 3 }, Assert.IsType<NumericColumn>(t["i"]).Values);
        Assert.Equal(new[] { 0.5, 1, 2 }, Assert.IsType<NumericColumn>(t["f"]).Values);
        Assert.Equal(new[] { 10.0, 20, 30 }, Assert.IsType<NumericColumn>(t["l"]).Values);
        Assert.Equal(new[] { false, true, false }, Enumerable.Range(0, 3).Select(t["dn"].IsMissing));
        Assert.Equal(new[] { true, false, false }, Enumerable.Range(0, 3).Select(t["in"].IsMissing));
        Assert.Equal(new[] { 7.0, 8, 9 }, Assert.IsType<NumericColumn>(t["list"]).Values);
        Assert.Equal(new[] { false, false, true }, Enumerable.Range(0, 3).Select(t["objects"].IsMissing));

        var s = Assert.IsType<CategoricalColumn>(t["s"]);
        Assert.Equal(new[] { "a", "b" }, s.Levels);
        Assert.Equal(new[] { 1, -1, 0 }, s.Codes);

        var b = Assert.IsType<CategoricalColumn>(t["b"]);
        Assert.True(b.IsLogical);
        Assert.Equal(new[] { "FALSE", "TRUE" }, b.Levels);
        Assert.Equal(new[] { 1, 0, 1 }, b.Codes);
        Assert.Equal(new[] { -1, 1, 1 }, Assert.IsType<CategoricalColumn>(t["bn"]).Codes);
        Assert.Equal(new[] { "FALSE", "TRUE" }, Assert.IsType<CategoricalColumn>(t["bn"]).Levels);

        // Enums: the members that occur, in declaration order.
        var e = Assert.IsType<CategoricalColumn>(t["e"]);
        Assert.Equal(new[] { "Low", "High" }, e.Levels);
        Assert.Equal(new[] { 1, 0, 1 }, e.Codes);
    }

    [Fact]
    public void FromColumnsCopiesTheCallersArray()
    {
        var values = new[] { 1.0, 2.0 };
        var t = Table.FromColumns(new[] { ("y", (IEnumerable)values) });
        values[0] = 99;
        Assert.Equal(1.0, ((NumericColumn)t["y"]).Values[0]);
    }

    [Fact]
    public void StringLevelsFollowTheDefaultOrder()
    {
        var t = Table.FromColumns(new[] { ("g", (IEnumerable)new[] { "10", "9", "100", "9" }) });
        Assert.Equal(new[] { "9", "10", "100" }, ((CategoricalColumn)t["g"]).Levels);
    }

    [Fact]
    public void FromColumnsErrors()
    {
        var lengths = Fails(() => Table.FromColumns(new Dictionary<string, IEnumerable> { ["a"] = new[] { 1.0, 2 }, ["b"] = new[] { 1.0 } }));
        Assert.Equal(DataCodes.ColumnLengthMismatch, lengths.Code);
        Assert.Contains("'b' has 1 values but column 'a' has 2", lengths.Message);

        var type = Fails(() => Table.FromColumns(new Dictionary<string, IEnumerable> { ["when"] = new[] { DateTime.Now } }));
        Assert.Equal(DataCodes.UnsupportedColumnType, type.Code);
        Assert.Contains("DateTime", type.Message);

        Assert.Equal(DataCodes.UnsupportedColumnType,
            Fails(() => Table.FromColumns(new Dictionary<string, IEnumerable> { ["x"] = new object[] { 1, "a" } })).Code);
        Assert.Equal(DataCodes.UnsupportedColumnType,
            Fails(() => Table.FromColumns(new Dictionary<string, IEnumerable> { ["x"] = "abc" })).Code);
        Assert.Equal(DataCodes.NoColumns, Fails(() => Table.FromColumns(new Dictionary<string, IEnumerable>())).Code);
        Assert.Equal(DataCodes.DuplicateColumnName,
            Fails(() => Table.FromColumns(new[] { ("a", (IEnumerable)new[] { 1.0 }), ("a", new[] { 2.0 }) })).Code);
    }

    [Fact]
    public void FromRecordsUsesPublicMembersInDeclarationOrder()
    {
        var rows = new[]
        {
            new Observation(250.5, 0, "308", true, Dose.Mid, 70.5, 'A'),
            new Observation(260.25, 1, "308", null, Dose.High, null, 'B'),
            new Observation(240, 0, "309", false, Dose.Mid, 80, 'A'),
        };
        var t = Table.FromRecords(rows);
        Assert.Equal(new[] { "Reaction", "Days", "Subject", "Treated", "Dose", "Weight", "Arm" }, t.ColumnNames);
        Assert.Equal(new[] { 250.5, 260.25, 240 }, ((NumericColumn)t["Reaction"]).Values);
        Assert.Equal(new[] { 0.0, 1, 0 }, ((NumericColumn)t["Days"]).Values);
        var subject = (CategoricalColumn)t["Subject"];
        Assert.Equal(new[] { "308", "309" }, subject.Levels);
        Assert.Equal(new[] { 0, 0, 1 }, subject.Codes);
        var treated = (CategoricalColumn)t["Treated"];
        Assert.True(treated.IsLogical);
        Assert.Equal(new[] { 1, -1, 0 }, treated.Codes);
        Assert.Equal(new[] { "Mid", "High" }, ((CategoricalColumn)t["Dose"]).Levels);
        Assert.Equal(new[] { false, true, false }, Enumerable.Range(0, 3).Select(t["Weight"].IsMissing));
        Assert.Equal(new[] { "A", "B" }, ((CategoricalColumn)t["Arm"]).Levels);
    }

    [Fact]
    public void FromRecordsReadsClassesWithFieldsAndSkipsNonPublicMembersAndIndexers()
    {
        var t = Table.FromRecords(new List<Row> { new() { Id = 1, Site = "x", Count = 5 }, new() { Id = 2, Site = null, Count = null } });
        Assert.Equal(new[] { "Id", "Count", "Site" }.OrderBy(s => s), t.ColumnNames.OrderBy(s => s));
        Assert.Equal(new[] { -1 }, new[] { ((CategoricalColumn)t["Site"]).Codes[1] });
        Assert.True(t["Count"].IsMissing(1));
        Assert.Equal(5, ((NumericColumn)t["Count"]).Values[0]);
    }

    [Fact]
    public void FromRecordsOfAnonymousTypes()
    {
        var t = Table.FromRecords(Enumerable.Range(0, 4).Select(i => new { y = i * 1.5, g = i % 2 == 0 ? "even" : "odd" }));
        Assert.Equal(new[] { 0, 1.5, 3, 4.5 }, ((NumericColumn)t["y"]).Values);
        Assert.Equal(new[] { 0, 1, 0, 1 }, ((CategoricalColumn)t["g"]).Codes);
    }

    [Fact]
    public void FromRecordsRejectsMembersThatCannotBeVariables()
    {
        var d = Fails(() => Table.FromRecords(new[] { new WithDate(1, DateTime.Now) }));
        Assert.Equal(DataCodes.UnsupportedColumnType, d.Code);
        Assert.Contains("'When'", d.Message);
    }

    [Fact]
    public void WithCategoricalMakesNumbersIntoFactorsAsRDoes()
    {
        var t = Table.FromColumns(new Dictionary<string, IEnumerable>
        {
            ["g"] = new[] { 10, 2, 1.5, 2, double.NaN, 1e5, 0.1 + 0.2, 0.3 },
            ["y"] = new[] { 1.0, 2, 3, 4, 5, 6, 7, 8 },
        });
        var f = t.WithCategorical(new[] { "g" });
        var g = Assert.IsType<CategoricalColumn>(f["g"]);
        // R: levels(factor(c(10, 2, 1.5, 2, NA, 1e5, 0.1 + 0.2, 0.3))); NaN is a missing value (NA) in a NumericColumn.
        Assert.Equal(new[] { "0.3", "1.5", "2", "10", "1e+05" }, g.Levels);
        Assert.Equal(new[] { 3, 2, 1, 2, -1, 4, 0, 0 }, g.Codes);
        Assert.IsType<NumericColumn>(f["y"]);
        Assert.IsType<NumericColumn>(t["g"]); // the original is unchanged
        Assert.Same(g, f.WithCategorical("g")["g"]);
    }

    [Fact]
    public void WithCategoricalNamesEveryUnknownColumn()
    {
        var t = Table.FromColumns(new Dictionary<string, IEnumerable> { ["Subject"] = new[] { 1.0 } });
        var ex = Assert.Throws<FormulaLmmException>(() => t.WithCategorical(new[] { "subjet", "zzz" }));
        Assert.Equal(2, ex.Diagnostics.Count);
        Assert.All(ex.Diagnostics, d => Assert.Equal(DataCodes.UnknownColumn, d.Code));
        Assert.Contains("did you mean 'Subject'?", ex.Diagnostics[0].Message);
        Assert.Contains("'zzz'", ex.Diagnostics[1].Message);
        Assert.DoesNotContain("did you mean", ex.Diagnostics[1].Message);
    }

    [Fact]
    public void WithLevelOrderReordersAndChecksCoverage()
    {
        var t = Table.FromColumns(new Dictionary<string, IEnumerable> { ["g"] = new[] { "b", "a", null, "c" }, ["n"] = new[] { 3, 1, 2, 1 } });
        var r = t.WithLevelOrder("g", new[] { "c", "b", "a" });
        var g = (CategoricalColumn)r["g"];
        Assert.Equal(new[] { "c", "b", "a" }, g.Levels);
        Assert.Equal(new[] { 1, 2, -1, 0 }, g.Codes);
        Assert.False(g.IsOrdered);

        var n = (CategoricalColumn)t.WithLevelOrder("n", new[] { "3", "2", "1" }, isOrdered: true)["n"];
        Assert.True(n.IsOrdered);
        Assert.Equal(new[] { 0, 2, 1, 2 }, n.Codes);

        var missing = Fails(() => t.WithLevelOrder("g", new[] { "a", "b" }));
        Assert.Equal(DataCodes.LevelsDoNotCoverData, missing.Code);
        Assert.Contains("'c'", missing.Message);
        Assert.Equal(DataCodes.DuplicateLevel, Fails(() => t.WithLevelOrder("g", new[] { "a", "b", "c", "b" })).Code);
        Assert.Equal(DataCodes.UnknownColumn, Fails(() => t.WithLevelOrder("G", new[] { "a" })).Code);
    }

    [Fact]
    public void SubsetKeepsLevelsAndFlags()
    {
        var t = CsvReader.ReadText("y,g\n1,a\n2,b\n3,c\n", new CsvReadOptions { OrderedColumns = new[] { "g" } });
        var s = t.Subset(new[] { 2, 0 });
        Assert.Equal(new[] { 3.0, 1 }, ((NumericColumn)s["y"]).Values);
        var g = (CategoricalColumn)s["g"];
        Assert.Equal(new[] { "a", "b", "c" }, g.Levels);
        Assert.Equal(new[] { 2, 0 }, g.Codes);
        Assert.True(g.IsOrdered);
        Assert.Throws<ArgumentOutOfRangeException>(() => t.Subset(new[] { 3 }));
    }

    [Fact]
    public void WithColumnReplacesOrAppends()
    {
        var t = CsvReader.ReadText("y\n1\n2\n");
        var replaced = t.WithColumn(new NumericColumn("y", new[] { 5.0, 6 }));
        Assert.Equal(new[] { 5.0, 6 }, ((NumericColumn)replaced["y"]).Values);
        var appended = t.WithColumn(new NumericColumn("z", new[] { 7.0, 8 }));
        Assert.Equal(new[] { "y", "z" }, appended.ColumnNames);
        Assert.Throws<ArgumentException>(() => t.WithColumn(new NumericColumn("w", new[] { 1.0 })));
    }

    [Fact]
    public void DropUnusedLevelsKeepsOrderAndFlags()
    {
        var t = CsvReader.ReadText("g,b\nc,TRUE\na,TRUE\nb,TRUE\n", new CsvReadOptions { OrderedColumns = new[] { "g" } });
        var g = (CategoricalColumn)t.Subset(new[] { 0, 2 })["g"];
        var dropped = g.DropUnusedLevels();
        Assert.Equal(new[] { "b", "c" }, dropped.Levels);
        Assert.Equal(new[] { 1, 0 }, dropped.Codes);
        Assert.True(dropped.IsOrdered);
        Assert.Same(dropped, dropped.DropUnusedLevels());
        var b = (CategoricalColumn)t["b"];
        Assert.Equal(new[] { "FALSE", "TRUE" }, b.DropUnusedLevels().Levels);
    }
}
