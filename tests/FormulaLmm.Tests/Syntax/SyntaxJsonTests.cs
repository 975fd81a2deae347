using System.Text.Json;
using FormulaLmm.Syntax;

namespace FormulaLmm.Tests.Syntax;

/// <summary>The JSON layout of formula-lmm parse --json is an interface: these tests pin it.</summary>
public class SyntaxJsonTests
{
    [Fact]
    public void CompactLayoutIsStable()
    {
        var json = SyntaxJson.Write(Formula.Parse("y ~ x + (1 | g)"), indented: false);
        // Single quotes stand for double quotes, for readability.
        var expected = (
            "{'kind':'formula','canonical':'y ~ x + (1 | g)','response':{'kind':'name','name':'y','span':{'start':0,'end':1}}," +
            "'rhs':{'kind':'binary','operator':'+','left':{'kind':'name','name':'x','span':{'start':4,'end':5}}," +
            "'right':{'kind':'random','bar':'|','effects':{'kind':'number','value':1,'text':'1','span':{'start':9,'end':10}}," +
            "'group':{'kind':'name','name':'g','span':{'start':13,'end':14}},'span':{'start':8,'end':15}},'span':{'start':4,'end':15}}," +
            "'span':{'start':0,'end':15}}").Replace('\'', '"');
        Assert.Equal(expected,
            json);
    }

    [Fact]
    public void EveryNodeKindIsWritten()
    {
        const string text = "~ -log(x, base = 2) + I(a > 1 & !b) + diag(t || g:h) + Inf + f(\"s\")";
        using var doc = JsonDocument.Parse(SyntaxJson.Write(Formula.Parse(text)));
        var root = doc.RootElement;
        Assert.Equal(JsonValueKind.Null, root.GetProperty("response").ValueKind);
        Assert.Equal("~-log(x, base = 2) + I(a > 1 & !b) + diag(t || g:h) + Inf + f(\"s\")", root.GetProperty("canonical").GetString());

        var kinds = new List<string>();
        void Walk(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Object)
            {
                if (e.TryGetProperty("kind", out var k)) kinds.Add(k.GetString()!);
                foreach (var p in e.EnumerateObject()) Walk(p.Value);
            }
            else if (e.ValueKind == JsonValueKind.Array) foreach (var x in e.EnumerateArray()) Walk(x);
        }
        Walk(root);
        Assert.Equal(new[] { "binary", "call", "formula", "name", "number", "random", "string", "unary" }, kinds.Distinct().Order().ToArray());

        var inf = root.GetProperty("rhs").GetProperty("left").GetProperty("right");
        Assert.Equal("Inf", inf.GetProperty("value").GetString());
        var log = root.GetProperty("rhs").GetProperty("left").GetProperty("left").GetProperty("left").GetProperty("left").GetProperty("operand");
        Assert.Equal("log", log.GetProperty("function").GetString());
        var baseArg = log.GetProperty("arguments")[1];
        Assert.Equal("base", baseArg.GetProperty("name").GetString());
        Assert.Equal(10, baseArg.GetProperty("span").GetProperty("start").GetInt32());
        Assert.Equal(18, baseArg.GetProperty("span").GetProperty("end").GetInt32());
    }

    [Fact]
    public void DeepFormulasWithinTheLimitAreWritten()
    {
        var text = "y ~ " + string.Join(" + ", Enumerable.Range(0, Formula.MaxNestingDepth).Select(i => "x" + i));
        using var doc = JsonDocument.Parse(SyntaxJson.Write(Formula.Parse(text), indented: false),
            new JsonDocumentOptions { MaxDepth = 4 * Formula.MaxNestingDepth });
        Assert.Equal("binary", doc.RootElement.GetProperty("rhs").GetProperty("kind").GetString());
    }
}
