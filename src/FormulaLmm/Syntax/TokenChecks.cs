using FormulaLmm.Text;
using System.Globalization;
using Antlr4.Runtime;
using FormulaLmm.Diagnostics;
using FormulaLmm.Syntax.Generated;

namespace FormulaLmm.Syntax;

/// <summary>
/// Problems visible in the token stream alone: stray characters, unclosed quotes, malformed
/// numbers, R notation a formula cannot hold, parentheses that do not pair up or nest too deeply,
/// and a second '~'. Reported before parsing, one at a time, the first in the text.
/// </summary>
internal static class TokenChecks
{
    public static Diagnostic? Check(string text, IReadOnlyList<IToken> tokens)
    {
        var open = new Stack<IToken>();
        IToken? tilde = null;
        foreach (var t in tokens)
        {
            switch (t.Type)
            {
                case FormulaLexer.UNKNOWN:
                    return UnknownCharacter(text, t);
                case FormulaLexer.BAD_NUMBER:
                    return Diagnostic.Error(SyntaxCodes.MalformedNumber,
                        t.Text.EndsWith('x') || t.Text.EndsWith('X')
                            ? $"malformed number '{t.Text}': hexadecimal digits must follow it, e.g. 0x1F"
                            : $"malformed number '{t.Text}': the exponent needs digits, e.g. 1e5 or 2.5e-3",
                        Span(t));
                case FormulaLexer.NAMESPACE:
                    return Diagnostic.Error(SyntaxCodes.UnsupportedRSyntax,
                        $"'{t.Text}' names a package (as in stats::poly); a formula uses the function name alone, e.g. poly(x, 2)",
                        Span(t));
                case FormulaLexer.TILDE:
                    if (tilde is not null)
                        return Diagnostic.Error(SyntaxCodes.MoreThanOneTilde,
                            $"a formula has at most one '~'; this one comes after the '~' at {SourcePosition.Describe(text, tilde.StartIndex)}",
                            Span(t));
                    tilde = t;
                    break;
                case FormulaLexer.LPAREN:
                    open.Push(t);
                    if (open.Count > Formula.MaxParenthesisDepth)
                        return Diagnostic.Error(SyntaxCodes.NestedTooDeeply,
                            $"parentheses are nested more than {Formula.MaxParenthesisDepth} deep", Span(t));
                    break;
                case FormulaLexer.RPAREN:
                    if (open.Count == 0)
                        return Diagnostic.Error(SyntaxCodes.UnmatchedClosingParenthesis,
                            $"')' at {SourcePosition.Describe(text, t.StartIndex)} has no matching '(': remove it or add the '(' it closes",
                            Span(t));
                    open.Pop();
                    break;
            }
        }
        if (open.Count > 0)
        {
            var innermost = open.Peek();
            return Diagnostic.Error(SyntaxCodes.UnclosedParenthesis,
                $"missing ')' to close '(' opened at {SourcePosition.Describe(text, innermost.StartIndex)}",
                TextSpan.FromBounds(innermost.StartIndex, Math.Max(innermost.StartIndex + 1, text.TrimEnd().Length)));
        }
        return null;
    }

    private static Diagnostic UnknownCharacter(string text, IToken t)
    {
        int at = t.StartIndex;
        char c = text[at];
        int lineEnd = text.IndexOfAny(['\r', '\n'], at);
        var toLineEnd = TextSpan.FromBounds(at, lineEnd < 0 ? text.Length : lineEnd);
        switch (c)
        {
            case '`':
                if (at + 1 < text.Length && text[at + 1] == '`')
                    return Diagnostic.Error(SyntaxCodes.EmptyBackquotedName,
                        "empty backquoted name ``: put the variable name between the backquotes, e.g. `body mass`",
                        new TextSpan(at, 2));
                return Diagnostic.Error(SyntaxCodes.UnterminatedQuote,
                    "backquoted name is not closed: add the closing '`' on the same line", toLineEnd);
            case '"' or '\'':
                return Diagnostic.Error(SyntaxCodes.UnterminatedQuote,
                    $"string is not closed: add the closing {c} on the same line", toLineEnd);
            case '%':
                return Diagnostic.Error(SyntaxCodes.UnknownOperator,
                    "'%' starts an operator such as %in% but no second '%' closes it on the same line", toLineEnd);
            case '$':
                return Diagnostic.Error(SyntaxCodes.UnsupportedRSyntax,
                    "'$' extracts a column from a data frame in R; in a formula name the column alone, e.g. x rather than d$x",
                    new TextSpan(at, 1));
            case '@':
                return Diagnostic.Error(SyntaxCodes.UnsupportedRSyntax,
                    "'@' (slot access) is not allowed in a formula: name the variable alone", new TextSpan(at, 1));
            case '[' or ']':
                return Diagnostic.Error(SyntaxCodes.UnsupportedRSyntax,
                    $"'{c}' (indexing) is not allowed in a formula: use whole columns by name, and ( ) to group terms",
                    new TextSpan(at, 1));
            case '{' or '}':
                return Diagnostic.Error(SyntaxCodes.UnsupportedRSyntax,
                    $"'{c}' is not allowed in a formula: group terms with ( )", new TextSpan(at, 1));
            case ';':
                return Diagnostic.Error(SyntaxCodes.UnsupportedRSyntax,
                    "';' separates R statements, but a formula is a single expression: join terms with '+'",
                    new TextSpan(at, 1));
            case '\u2018' or '\u2019' or '\u201C' or '\u201D':
                return Diagnostic.Error(SyntaxCodes.UnexpectedCharacter,
                    $"curly quote '{c}' is not allowed (often pasted from a word processor): use ` around a name with spaces, \" around a string",
                    new TextSpan(at, 1));
            case '\u2212' or '\u2013' or '\u2014':
                return Diagnostic.Error(SyntaxCodes.UnexpectedCharacter,
                    $"'{c}' ({Describe(c)}) is not the minus sign of a formula: type '-'", new TextSpan(at, 1));
        }
        if (char.IsHighSurrogate(c) && at + 1 < text.Length && char.IsLowSurrogate(text[at + 1]))
        {
            var pair = text.Substring(at, 2);
            return Diagnostic.Error(SyntaxCodes.UnexpectedCharacter,
                $"unexpected character '{pair}' (U+{char.ConvertToUtf32(c, text[at + 1]):X4}) in the formula", new TextSpan(at, 2));
        }
        if (char.IsWhiteSpace(c))
            return Diagnostic.Error(SyntaxCodes.UnexpectedCharacter,
                $"invisible character {Describe(c)} in the formula: replace it with an ordinary space", new TextSpan(at, 1));
        if (char.IsControl(c) || char.IsSurrogate(c))
            return Diagnostic.Error(SyntaxCodes.UnexpectedCharacter,
                $"unexpected control character {Describe(c)} in the formula", new TextSpan(at, 1));
        return Diagnostic.Error(SyntaxCodes.UnexpectedCharacter,
            c < 128 ? $"unexpected character '{c}' in the formula" : $"unexpected character '{c}' ({Describe(c)}) in the formula",
            new TextSpan(at, 1));
    }

    private static string Describe(char c) => "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) + c switch
    {
        '\u00A0' => " (no-break space)",
        '\u2212' => ", minus sign",
        '\u2013' => ", en dash",
        '\u2014' => ", em dash",
        _ => "",
    };

    internal static TextSpan Span(IToken t) => new(t.StartIndex, Math.Max(1, t.StopIndex - t.StartIndex + 1));
}
