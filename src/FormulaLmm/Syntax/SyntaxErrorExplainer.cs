using Antlr4.Runtime;
using FormulaLmm.Diagnostics;
using FormulaLmm.Syntax.Generated;
using FormulaLmm.Text;

namespace FormulaLmm.Syntax;

/// <summary>
/// Rephrases the parser's first error from the tokens around it. By the time the parser runs,
/// the token checks have ruled out stray characters, unpaired parentheses and a second '~', so
/// what remains is a missing or misplaced operand, operator or argument.
/// </summary>
internal static class SyntaxErrorExplainer
{
    public static Diagnostic Explain(string text, IReadOnlyList<IToken> tokens, IToken offending)
    {
        int index = tokens.Count - 1;
        for (int i = 0; i < tokens.Count; i++)
            if (tokens[i].TokenIndex == offending.TokenIndex) { index = i; break; }
        var o = tokens[index];
        var p = index > 0 ? tokens[index - 1] : null;
        bool atEnd = o.Type == TokenConstants.EOF;
        var oSpan = atEnd ? new TextSpan(text.TrimEnd().Length, 0) : TokenChecks.Span(o);
        string oText = atEnd ? "the end" : $"'{o.Text}'";

        // Operators from other languages, lexed as two R operators: '<>', '=>', '=<', '->'.
        for (int i = Math.Max(0, index - 1); i <= index && i + 1 < tokens.Count; i++)
            if (ForeignOperator(tokens[i], tokens[i + 1]) is { } foreign)
                return Diagnostic.Error(SyntaxCodes.SyntaxError, foreign, Cover(tokens[i], tokens[i + 1]));

        // 'x ! z': '!' only goes before a term.
        if (o.Type == FormulaLexer.BANG && p is not null && IsOperandEnd(p.Type))
            return Diagnostic.Error(SyntaxCodes.MissingOperator,
                "'!' (not) can only stand before a term, as in I(!z); join terms with '+'", oSpan);

        // 'x | | g': a space inside '||'.
        if (p is { Type: FormulaLexer.BAR } && o.Type == FormulaLexer.BAR && OnlySpaceBetween(text, p, o))
            return Diagnostic.Error(SyntaxCodes.MissingGroupingFactor,
                "nothing between '|' and '|': for uncorrelated random effects write '||' without a space, e.g. (1 + x || g)",
                Cover(p, o));

        // An operator with nothing after it: 'x +', '(1 | )', 'y ~', 'x + * z', 'f(x +, 2)'.
        if (p is not null && IsBinary(p.Type) && (atEnd || IsCloser(o.Type) || IsBinary(o.Type) && !IsPrefix(o.Type)))
        {
            var pSpan = TokenChecks.Span(p);
            if (p.Type is FormulaLexer.BAR or FormulaLexer.BARBAR)
                return Diagnostic.Error(SyntaxCodes.MissingGroupingFactor,
                    $"nothing after '{p.Text}': name the grouping factor, e.g. (1 {p.Text} g)", pSpan);
            if (p.Type == FormulaLexer.TILDE && (atEnd || IsCloser(o.Type)))
                return Diagnostic.Error(SyntaxCodes.MissingRightHandSide,
                    "nothing after '~': write the model terms, e.g. y ~ 1 + x", pSpan);
            if (p.Type == FormulaLexer.ASSIGN)
                return Diagnostic.Error(SyntaxCodes.MissingArgument,
                    $"nothing after '=': give the argument {ArgumentName(tokens, index - 1)}a value, e.g. degree = 2", pSpan);
            if (!atEnd && IsBinary(o.Type) && p.Type != FormulaLexer.TILDE)
                return Diagnostic.Error(SyntaxCodes.MissingOperand,
                    $"nothing between '{p.Text}' and '{o.Text}': add a term or remove one of them", Cover(p, o));
            if (!atEnd && IsBinary(o.Type))
                return NothingBefore(o);
            return Diagnostic.Error(SyntaxCodes.MissingOperand,
                $"nothing after '{p.Text}': add a term or remove the '{p.Text}'", pSpan);
        }

        // A prefix operator with nothing after it: '- )', '!,' (at the end it was caught above).
        if (p is not null && IsPrefix(p.Type) && (atEnd || IsCloser(o.Type)))
            return Diagnostic.Error(SyntaxCodes.MissingOperand,
                $"nothing after '{p.Text}': add a term or remove the '{p.Text}'", TokenChecks.Span(p));

        // Empty or missing function arguments: 'poly(x, )', 'f(, x)', 'f(x,, y)'.
        if (p is { Type: FormulaLexer.COMMA } && (o.Type is FormulaLexer.RPAREN or FormulaLexer.COMMA))
            return Diagnostic.Error(SyntaxCodes.MissingArgument,
                $"missing argument after ',' in {CallName(tokens, index - 1)}: remove the ',' or add the argument", Cover(p, o));
        if (p is { Type: FormulaLexer.LPAREN } && o.Type == FormulaLexer.COMMA)
            return Diagnostic.Error(SyntaxCodes.MissingArgument,
                $"missing argument before ',' in {CallName(tokens, index)}: add the first argument", TokenChecks.Span(o));

        if (o.Type is FormulaLexer.BAR or FormulaLexer.BARBAR && (p is null || IsOpener(p.Type) || IsBinary(p.Type)))
            return Diagnostic.Error(SyntaxCodes.MissingEffectsBeforeBar,
                $"nothing before '{o.Text}': write the random effects first, e.g. (1 {o.Text} g)", oSpan);

        if (o.Type == FormulaLexer.RPAREN && p?.Type == FormulaLexer.LPAREN)
            return Diagnostic.Error(SyntaxCodes.EmptyParentheses,
                "empty parentheses '()': put a term inside, e.g. (1 | g)", Cover(p, o));

        // A binary operator with nothing on its left: 'y ~ * x', '(: a)', 'f(/ 2)'.
        if (!atEnd && IsBinary(o.Type) && !IsPrefix(o.Type) && o.Type != FormulaLexer.ASSIGN
            && (p is null || IsOpener(p.Type) || p.Type == FormulaLexer.TILDE))
            return NothingBefore(o);

        if (p is not null && IsOperandEnd(p.Type) && IsOperandStart(o.Type))
            return MissingOperator(text, p, o);

        if (o.Type == FormulaLexer.ASSIGN)
            return Diagnostic.Error(SyntaxCodes.SyntaxError,
                "'=' only names a function's argument, e.g. poly(x, degree = 2); the response and the terms are separated by '~'",
                oSpan);

        if (o.Type == FormulaLexer.COMMA)
            return Diagnostic.Error(SyntaxCodes.SyntaxError,
                "',' only separates the arguments of a function, e.g. poly(x, 2); join terms with '+'", oSpan);

        if (atEnd)
            return Diagnostic.Error(SyntaxCodes.SyntaxError, "the formula ends too early", oSpan);

        return Diagnostic.Error(SyntaxCodes.SyntaxError,
            $"unexpected {oText}" + (p is null ? " at the start of the formula" : $" after '{p.Text}'"), oSpan);
    }

    private static Diagnostic NothingBefore(IToken o) => o.Type is FormulaLexer.BAR or FormulaLexer.BARBAR
        ? Diagnostic.Error(SyntaxCodes.MissingEffectsBeforeBar,
            $"nothing before '{o.Text}': write the random effects first, e.g. (1 {o.Text} g)", TokenChecks.Span(o))
        : Diagnostic.Error(SyntaxCodes.MissingOperand,
            $"nothing before '{o.Text}': it needs a term on each side, e.g. {Example(o)}", TokenChecks.Span(o));

    // R's spacing: tight around : / ^, spaced around the rest.
    private static string Example(IToken op) =>
        op.Type is FormulaLexer.COLON or FormulaLexer.SLASH or FormulaLexer.CARET ? $"a{op.Text}b" : $"a {op.Text} b";

    private static Diagnostic MissingOperator(string text, IToken p, IToken o)
    {
        // '1i': R's complex constants.
        if (p.Type == FormulaLexer.NUMBER && o.Type == FormulaLexer.IDENTIFIER && o.Text == "i" && p.StopIndex + 1 == o.StartIndex)
            return Diagnostic.Error(SyntaxCodes.UnsupportedRSyntax,
                $"complex numbers such as {p.Text}i are not supported in a formula",
                TextSpan.FromBounds(p.StartIndex, o.StopIndex + 1));
        // '2x': a name cannot start with a digit.
        if (p.Type == FormulaLexer.NUMBER && o.Type == FormulaLexer.IDENTIFIER && p.StopIndex + 1 == o.StartIndex)
            return Diagnostic.Error(SyntaxCodes.MissingOperator,
                $"'{p.Text}{o.Text}' is not a name (names cannot start with a digit): write `{p.Text}{o.Text}` in backquotes if it is a column",
                TextSpan.FromBounds(p.StartIndex, o.StopIndex + 1));
        var example = o.Type == FormulaLexer.LPAREN && p.Type == FormulaLexer.RPAREN ? ", e.g. (1 | g) + (1 | h)" : "";
        return Diagnostic.Error(SyntaxCodes.MissingOperator,
            $"missing operator between '{p.Text}' and '{o.Text}': join terms with '+'{example}", TokenChecks.Span(o));
    }

    private static string? ForeignOperator(IToken a, IToken b)
    {
        if (a.StopIndex + 1 != b.StartIndex) return null;
        return (a.Type, b.Type) switch
        {
            (FormulaLexer.LT, FormulaLexer.GT) => "'<>' is not an R operator: 'not equal' is !=, and only inside I(), e.g. I(x != 2)",
            (FormulaLexer.ASSIGN, FormulaLexer.GT) => "'=>' is not an R operator: 'greater than or equal' is >=, and only inside I(), e.g. I(x >= 2)",
            (FormulaLexer.ASSIGN, FormulaLexer.LT) => "'=<' is not an R operator: 'less than or equal' is <=, and only inside I(), e.g. I(x <= 2)",
            (FormulaLexer.MINUS, FormulaLexer.GT) => "'->' is R's assignment, which a formula does not use: separate the response and the terms with '~'",
            _ => null,
        };
    }

    private static bool OnlySpaceBetween(string text, IToken a, IToken b)
    {
        for (int i = a.StopIndex + 1; i < b.StartIndex; i++)
            if (!char.IsWhiteSpace(text[i])) return false;
        return true;
    }

    private static TextSpan Cover(IToken a, IToken b) => TextSpan.FromBounds(a.StartIndex, Math.Max(a.StopIndex, b.StopIndex) + 1);

    /// <summary>"poly()" for the call whose parentheses hold token <paramref name="at"/>, or "the parentheses".</summary>
    private static string CallName(IReadOnlyList<IToken> tokens, int at)
    {
        int depth = 0;
        for (int i = at; i >= 0; i--)
        {
            if (tokens[i].Type == FormulaLexer.RPAREN) depth++;
            else if (tokens[i].Type == FormulaLexer.LPAREN)
            {
                if (depth == 0)
                    return i > 0 && tokens[i - 1].Type is FormulaLexer.IDENTIFIER or FormulaLexer.BACKQUOTED
                        ? tokens[i - 1].Text + "()"
                        : "the parentheses";
                depth--;
            }
        }
        return "the formula";
    }

    private static string ArgumentName(IReadOnlyList<IToken> tokens, int assignIndex) =>
        assignIndex > 0 && tokens[assignIndex - 1].Type is FormulaLexer.IDENTIFIER or FormulaLexer.BACKQUOTED
            ? $"'{tokens[assignIndex - 1].Text}' "
            : "";

    private static bool IsPrefix(int type) => type is FormulaLexer.PLUS or FormulaLexer.MINUS or FormulaLexer.BANG or FormulaLexer.TILDE;

    private static bool IsCloser(int type) => type is FormulaLexer.RPAREN or FormulaLexer.COMMA;

    private static bool IsOpener(int type) => type is FormulaLexer.LPAREN or FormulaLexer.COMMA;

    private static bool IsBinary(int type) => type is FormulaLexer.TILDE or FormulaLexer.BAR or FormulaLexer.BARBAR
        or FormulaLexer.AMP or FormulaLexer.AMPAMP or FormulaLexer.PLUS or FormulaLexer.MINUS or FormulaLexer.STAR
        or FormulaLexer.SLASH or FormulaLexer.CARET or FormulaLexer.COLON or FormulaLexer.LE or FormulaLexer.GE
        or FormulaLexer.EQ or FormulaLexer.NE or FormulaLexer.LT or FormulaLexer.GT or FormulaLexer.BANG
        or FormulaLexer.SPECIAL or FormulaLexer.ASSIGN;

    private static bool IsOperandEnd(int type) => type is FormulaLexer.IDENTIFIER or FormulaLexer.BACKQUOTED
        or FormulaLexer.NUMBER or FormulaLexer.STRING or FormulaLexer.RPAREN;

    private static bool IsOperandStart(int type) => type is FormulaLexer.IDENTIFIER or FormulaLexer.BACKQUOTED
        or FormulaLexer.NUMBER or FormulaLexer.STRING or FormulaLexer.LPAREN;
}
