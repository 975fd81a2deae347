using System.Text;
using System.Text.Json;

namespace FormulaLmm.Syntax;

/// <summary>Writes the AST as JSON: one object per node with its kind, fields and span.</summary>
public static class SyntaxJson
{
    public static string Write(FormulaSyntax formula, bool indented = true)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
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
                w.WriteNumber("value", num.Value);
                w.WriteString("text", num.Text);
                break;
            case StringExpression s:
                w.WriteString("kind", "string");
                w.WriteString("value", s.Value);
                break;
            case UnaryExpression u:
                w.WriteString("kind", "unary");
                w.WriteString("operator", u.Operator switch { UnaryOperator.Plus => "+", UnaryOperator.Minus => "-", _ => "!" });
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
