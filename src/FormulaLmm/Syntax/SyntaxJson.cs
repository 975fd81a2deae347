using FormulaLmm.Text;
using System.Text;
using System.Text.Json;

namespace FormulaLmm.Syntax;

/// <summary>
/// Writes the AST as JSON: one object per node with its "kind", its fields and its "span"
/// (start and end offsets into the formula text, end exclusive). The layout is a stable
/// interface (formula-lmm parse --json); docs/formula-grammar.md describes it. Numbers that JSON
/// cannot hold (Inf, NaN) are written as strings.
/// </summary>
public static class SyntaxJson
{
    /// <summary>The formula's AST as JSON (the output of <c>formula-lmm parse --json</c>).</summary>
    /// <param name="formula">A parsed formula.</param>
    /// <param name="indented">Indent the JSON for reading (default) or write it on one line.</param>
    /// <returns>A JSON object whose "kind" is "formula", with its canonical text, response and right-hand side.</returns>
    public static string Write(FormulaSyntax formula, bool indented = true)
    {
        using var stream = new MemoryStream();
        // Each AST level takes up to three JSON levels (call, arguments array, argument).
        var options = new JsonWriterOptions
        {
            Indented = indented,
            MaxDepth = 3 * Formula.MaxNestingDepth + 16,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        using (var w = new Utf8JsonWriter(stream, options))
        {
            w.WriteStartObject();
            w.WriteString("kind", "formula");
            w.WriteString("canonical", FormulaPrinter.Print(formula));
            w.WritePropertyName("response");
            if (formula.Response is null) w.WriteNullValue(); else WriteNode(w, formula.Response);
            w.WritePropertyName("rhs");
            WriteNode(w, formula.RightHandSide);
            WriteSpan(w, formula.Span);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteSpan(Utf8JsonWriter w, TextSpan span)
    {
        w.WriteStartObject("span");
        w.WriteNumber("start", span.Start);
        w.WriteNumber("end", span.End);
        w.WriteEndObject();
    }

    private static void WriteNode(Utf8JsonWriter w, Expression e)
    {
        w.WriteStartObject();
        switch (e)
        {
            case NameExpression n:
                w.WriteString("kind", "name");
                w.WriteString("name", n.Name);
                break;
            case NumberExpression num:
                w.WriteString("kind", "number");
                if (double.IsFinite(num.Value)) w.WriteNumber("value", num.Value);
                else w.WriteString("value", FormulaPrinter.FormatNumber(num.Value));
                w.WriteString("text", num.Text);
                break;
            case StringExpression s:
                w.WriteString("kind", "string");
                w.WriteString("value", s.Value);
                break;
            case UnaryExpression u:
                w.WriteString("kind", "unary");
                w.WriteString("operator", FormulaPrinter.Symbol(u.Operator));
                w.WritePropertyName("operand");
                WriteNode(w, u.Operand);
                break;
            case BinaryExpression b:
                w.WriteString("kind", "binary");
                w.WriteString("operator", FormulaPrinter.Symbol(b.Operator));
                w.WritePropertyName("left");
                WriteNode(w, b.Left);
                w.WritePropertyName("right");
                WriteNode(w, b.Right);
                break;
            case CallExpression c:
                w.WriteString("kind", "call");
                w.WriteString("function", c.Function);
                w.WriteStartArray("arguments");
                foreach (var a in c.Arguments)
                {
                    w.WriteStartObject();
                    if (a.Name is null) w.WriteNull("name"); else w.WriteString("name", a.Name);
                    w.WritePropertyName("value");
                    WriteNode(w, a.Value);
                    WriteSpan(w, a.Span);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                break;
            case RandomTermExpression r:
                w.WriteString("kind", "random");
                w.WriteString("bar", r.Uncorrelated ? "||" : "|");
                w.WritePropertyName("effects");
                WriteNode(w, r.Effects);
                w.WritePropertyName("group");
                WriteNode(w, r.Group);
                break;
        }
        WriteSpan(w, e.Span);
        w.WriteEndObject();
    }
}
