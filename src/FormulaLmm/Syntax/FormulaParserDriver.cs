using System.Globalization;
using Antlr4.Runtime;
using Antlr4.Runtime.Misc;
using FormulaLmm.Diagnostics;
using FormulaLmm.Syntax.Generated;

namespace FormulaLmm.Syntax;

/// <summary>
/// Runs the ANTLR lexer and parser and turns the parse tree into the AST. ANTLR's own messages
/// never reach the user: token-level problems are found before parsing, the first parser error is
/// rephrased from its context, and formula-level rules are checked while building the AST.
/// </summary>
internal static class FormulaParserDriver
{
    public static ParseResult Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return Fail(text, Diagnostic.Error(SyntaxCodes.EmptyFormula,
                "the formula is empty: write it as response ~ terms, e.g. y ~ x + (1 | g)", new TextSpan(0, text.Length)));

        var lexer = new FormulaLexer(new AntlrInputStream(text));
        lexer.RemoveErrorListeners();
        var tokenStream = new CommonTokenStream(lexer);
        tokenStream.Fill();
        var tokens = tokenStream.GetTokens().Where(t => t.Channel == TokenConstants.DefaultChannel).ToList();

        var tokenDiagnostic = TokenChecks.Check(text, tokens);
        if (tokenDiagnostic is not null) return Fail(text, tokenDiagnostic);

        var parser = new FormulaParser(tokenStream);
        parser.RemoveErrorListeners();
        var listener = new FirstErrorListener();
        parser.AddErrorListener(listener);
        parser.ErrorHandler = new BailErrorStrategy();
        FormulaParser.FormulaContext tree;
        try
        {
            tree = parser.formula();
        }
        catch (ParseCanceledException ex)
        {
            var offending = (ex.InnerException as RecognitionException)?.OffendingToken ?? parser.CurrentToken;
            return Fail(text, SyntaxErrorExplainer.Explain(text, tokens, offending));
        }

        var builder = new AstBuilder(text);
        var expression = builder.Visit(tree.expr());
        var diagnostics = builder.Diagnostics;
        if (diagnostics.Any(d => d.IsError)) return new ParseResult(null, diagnostics, text);
        var formula = builder.ToFormula(expression, TextSpan.FromBounds(0, text.Length));
        diagnostics = builder.Diagnostics;
        return new ParseResult(diagnostics.Any(d => d.IsError) ? null : formula, diagnostics, text);
    }

    private static ParseResult Fail(string text, Diagnostic diagnostic) => new(null, new[] { diagnostic }, text);

    private sealed class FirstErrorListener : BaseErrorListener
    {
    }
}

/// <summary>Problems visible in the token stream alone: stray characters, quotes, parentheses.</summary>
internal static class TokenChecks
{
    public static Diagnostic? Check(string text, IReadOnlyList<IToken> tokens)
    {
        var open = new Stack<IToken>();
        foreach (var t in tokens)
        {
            switch (t.Type)
            {
                case FormulaLexer.UNKNOWN:
                    var c = t.Text;
                    if (c == "`")
                        return Diagnostic.Error(SyntaxCodes.UnterminatedQuote,
                            "backquoted name is not closed: add the closing '`'", Span(t, text.Length - t.StartIndex));
                    if (c is "\"" or "'")
                        return Diagnostic.Error(SyntaxCodes.UnterminatedQuote,
                            $"string is not closed: add the closing {c}", Span(t, text.Length - t.StartIndex));
                    if (c == "%")
                        return Diagnostic.Error(SyntaxCodes.UnknownOperator,
                            "'%' starts an operator such as %in% but is not closed by another '%'", Span(t));
                    if (c is "[" or "]" or "{" or "}")
                        return Diagnostic.Error(SyntaxCodes.UnexpectedCharacter,
                            $"'{c}' is not allowed in a formula: group terms with ( )", Span(t));
                    return Diagnostic.Error(SyntaxCodes.UnexpectedCharacter,
                        $"unexpected character '{c}' in the formula", Span(t));
                case FormulaLexer.LPAREN:
                    open.Push(t);
                    break;
                case FormulaLexer.RPAREN:
                    if (open.Count == 0)
                        return Diagnostic.Error(SyntaxCodes.UnmatchedClosingParenthesis,
                            $"')' at column {t.Column + 1} has no matching '('", Span(t));
                    open.Pop();
                    break;
            }
        }
        if (open.Count > 0)
        {
            var first = open.Last();
            var innermost = open.Peek();
            return Diagnostic.Error(SyntaxCodes.UnclosedParenthesis,
                $"missing ')' to close '(' opened at column {innermost.Column + 1}",
                TextSpan.FromBounds(innermost.StartIndex, Math.Max(innermost.StartIndex + 1, text.TrimEnd().Length)));
        }
        return null;
    }

    internal static TextSpan Span(IToken t, int? length = null) =>
        new(t.StartIndex, length ?? Math.Max(1, t.StopIndex - t.StartIndex + 1));
}

/// <summary>Rephrases the first parser error from the tokens around it.</summary>
internal static class SyntaxErrorExplainer
{
    public static Diagnostic Explain(string text, IReadOnlyList<IToken> tokens, IToken offending)
    {
        int index = -1;
        for (int i = 0; i < tokens.Count; i++)
            if (tokens[i].TokenIndex == offending.TokenIndex) { index = i; break; }
        var previous = index > 0 ? tokens[index - 1] : null;
        bool atEnd = offending.Type == TokenConstants.EOF;
        var span = atEnd
            ? new TextSpan(Math.Max(0, (previous?.StartIndex ?? 0)), Math.Max(1, previous is null ? 1 : previous.StopIndex - previous.StartIndex + 1))
            : TokenChecks.Span(offending);

        if (previous is not null && IsOperator(previous.Type) && (atEnd || IsCloser(offending.Type) || IsOperator(offending.Type) && !IsPrefix(offending.Type)))
        {
            var prevSpan = TokenChecks.Span(previous);
            if (previous.Type is FormulaLexer.BAR or FormulaLexer.BARBAR)
                return Diagnostic.Error(SyntaxCodes.MissingGroupingFactor,
                    $"nothing after '{previous.Text}': name the grouping factor, e.g. (1 {previous.Text} g)", prevSpan);
            if (previous.Type == FormulaLexer.TILDE)
                return Diagnostic.Error(SyntaxCodes.MissingRightHandSide,
                    "nothing after '~': write the model terms, e.g. y ~ 1 + x", prevSpan);
            return Diagnostic.Error(SyntaxCodes.MissingOperand,
                $"nothing after '{previous.Text}': add a term or remove the '{previous.Text}'", prevSpan);
        }

        if (offending.Type is FormulaLexer.BAR or FormulaLexer.BARBAR &&
            (previous is null || previous.Type == FormulaLexer.LPAREN || IsOperator(previous.Type)))
            return Diagnostic.Error(SyntaxCodes.MissingEffectsBeforeBar,
                $"nothing before '{offending.Text}': write the random effects first, e.g. (1 {offending.Text} g)", span);

        if (offending.Type == FormulaLexer.RPAREN && previous?.Type == FormulaLexer.LPAREN)
            return Diagnostic.Error(SyntaxCodes.EmptyParentheses,
                "empty parentheses '()': put a term inside, e.g. (1 | g)", TextSpan.FromBounds(previous.StartIndex, offending.StopIndex + 1));

        if (previous is not null && IsOperand(previous.Type) && IsOperandStart(offending.Type))
            return Diagnostic.Error(SyntaxCodes.MissingOperator,
                $"missing operator between '{previous.Text}' and '{offending.Text}': join terms with '+'", span);

        if (offending.Type == FormulaLexer.ASSIGN)
            return Diagnostic.Error(SyntaxCodes.SyntaxError,
                "'=' is only allowed for a named argument of a function, e.g. poly(x, degree = 2); a formula uses '~'", span);

        if (offending.Type == FormulaLexer.COMMA)
            return Diagnostic.Error(SyntaxCodes.SyntaxError,
                "',' is only allowed between the arguments of a function, e.g. poly(x, 2); join terms with '+'", span);

        if (atEnd)
            return Diagnostic.Error(SyntaxCodes.SyntaxError, "the formula ends too early", span);

        return Diagnostic.Error(SyntaxCodes.SyntaxError,
            $"unexpected '{offending.Text}'" + (previous is null ? " at the start of the formula" : $" after '{previous.Text}'"), span);
    }

    private static bool IsPrefix(int type) => type is FormulaLexer.PLUS or FormulaLexer.MINUS or FormulaLexer.BANG or FormulaLexer.TILDE;

    private static bool IsCloser(int type) => type is FormulaLexer.RPAREN or FormulaLexer.COMMA;

    private static bool IsOperator(int type) => type is FormulaLexer.TILDE or FormulaLexer.BAR or FormulaLexer.BARBAR
        or FormulaLexer.AMP or FormulaLexer.AMPAMP or FormulaLexer.PLUS or FormulaLexer.MINUS or FormulaLexer.STAR
        or FormulaLexer.SLASH or FormulaLexer.CARET or FormulaLexer.COLON or FormulaLexer.LE or FormulaLexer.GE
        or FormulaLexer.EQ or FormulaLexer.NE or FormulaLexer.LT or FormulaLexer.GT or FormulaLexer.BANG
        or FormulaLexer.SPECIAL or FormulaLexer.ASSIGN;

    private static bool IsOperand(int type) => type is FormulaLexer.IDENTIFIER or FormulaLexer.BACKQUOTED
        or FormulaLexer.NUMBER or FormulaLexer.STRING or FormulaLexer.RPAREN;

    private static bool IsOperandStart(int type) => type is FormulaLexer.IDENTIFIER or FormulaLexer.BACKQUOTED
        or FormulaLexer.NUMBER or FormulaLexer.STRING or FormulaLexer.LPAREN;
}
