using Antlr4.Runtime;
using Antlr4.Runtime.Misc;
using Antlr4.Runtime.Tree;
using FormulaLmm.Diagnostics;
using FormulaLmm.Syntax.Generated;
using FormulaLmm.Text;

namespace FormulaLmm.Syntax;

/// <summary>
/// Runs the ANTLR lexer and parser and turns the parse tree into the AST. ANTLR's own messages
/// never reach the user: token-level problems are found before parsing, the first parser error is
/// rephrased from the tokens around it, and formula-level rules are checked while building the AST.
/// Size limits are enforced before any recursive code runs, so no input can exhaust the stack.
/// </summary>
internal static class FormulaParserDriver
{
    // Small formulas cannot nest deeply (depth is bounded by the token count), so they are parsed
    // on the caller's thread; larger ones on a thread whose stack fits the deepest input the
    // limits allow (ANTLR's recursive-descent frames take about 1 KB per level).
    private const int InlineTokenLimit = 64;
    private const int LargeStackBytes = 16 * 1024 * 1024;

    public static ParseResult Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return Fail(text, Diagnostic.Error(SyntaxCodes.EmptyFormula,
                "the formula is empty: write it as response ~ terms, e.g. y ~ x + (1 | g)", new TextSpan(0, text.Length)));

        if (text.Length > Formula.MaxLength)
            return Fail(text, Diagnostic.Error(SyntaxCodes.FormulaTooLong,
                $"the formula has {text.Length} characters; the limit is {Formula.MaxLength}",
                TextSpan.FromBounds(Formula.MaxLength, text.Length)));

        var lexer = new FormulaLexer(new AntlrInputStream(text));
        lexer.RemoveErrorListeners();
        var tokenStream = new CommonTokenStream(lexer);
        tokenStream.Fill();
        var tokens = tokenStream.GetTokens().Where(t => t.Channel == TokenConstants.DefaultChannel).ToList();

        var tokenDiagnostic = TokenChecks.Check(text, tokens);
        if (tokenDiagnostic is not null) return Fail(text, tokenDiagnostic);

        if (tokens.Count <= InlineTokenLimit) return ParseTokens(text, tokenStream, tokens);

        ParseResult? result = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { result = ParseTokens(text, tokenStream, tokens); }
            catch (Exception ex) { failure = ex; }
        }, LargeStackBytes) { IsBackground = true, Name = "formula parser" };
        thread.Start();
        thread.Join();
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        return result!;
    }

    private static ParseResult ParseTokens(string text, CommonTokenStream tokenStream, IReadOnlyList<IToken> tokens)
    {
        var parser = new DepthLimitedParser(tokenStream, Formula.MaxNestingDepth + 4 * Formula.MaxParenthesisDepth + 50);
        parser.RemoveErrorListeners();
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
        catch (NestingTooDeepException ex)
        {
            return Fail(text, TooDeep(ex.At.StartIndex, Math.Max(1, ex.At.StopIndex - ex.At.StartIndex + 1)));
        }

        var tooDeep = DepthCheck.FirstTooDeep(tree.expr(), Formula.MaxNestingDepth);
        if (tooDeep is { } span) return Fail(text, TooDeep(span.Start, span.Length));

        var builder = new AstBuilder(text);
        var formula = builder.Build(tree.expr());
        var diagnostics = DiagnosticList.From(builder.Diagnostics);
        return new ParseResult(diagnostics.HasErrors ? null : formula, diagnostics, text);
    }

    private static Diagnostic TooDeep(int start, int length) => Diagnostic.Error(SyntaxCodes.NestedTooDeeply,
        $"the formula is nested too deeply: more than {Formula.MaxNestingDepth} levels of operators and calls " +
        $"(each '+' of a long sum adds a level)", new TextSpan(start, length));

    private static ParseResult Fail(string text, Diagnostic diagnostic) => new(null, DiagnosticList.Of(diagnostic), text);
}

/// <summary>Thrown by <see cref="DepthLimitedParser"/> when rule invocations nest beyond its limit.</summary>
internal sealed class NestingTooDeepException(IToken at) : Exception("formula nested too deeply")
{
    public IToken At { get; } = at;
}

/// <summary>
/// The generated parser with a bound on its recursion: chains of prefix operators (- - - x) and
/// of right-associative '^' recurse once per operator, and must stop long before the stack does.
/// </summary>
internal sealed class DepthLimitedParser(ITokenStream input, int maxDepth) : FormulaParser(input)
{
    private int _depth;

    public override void EnterRule(ParserRuleContext localctx, int state, int ruleIndex)
    {
        Descend();
        base.EnterRule(localctx, state, ruleIndex);
    }

    public override void ExitRule()
    {
        _depth--;
        base.ExitRule();
    }

    public override void EnterRecursionRule(ParserRuleContext localctx, int state, int ruleIndex, int precedence)
    {
        Descend();
        base.EnterRecursionRule(localctx, state, ruleIndex, precedence);
    }

    public override void UnrollRecursionContexts(ParserRuleContext parentCtx)
    {
        _depth--;
        base.UnrollRecursionContexts(parentCtx);
    }

    private void Descend()
    {
        if (++_depth > maxDepth) throw new NestingTooDeepException(CurrentToken);
    }
}

/// <summary>
/// Measures the parse tree's nesting without recursion: long left-associative chains (a sum of
/// thousands of terms) are parsed by ANTLR in a loop but give a tree as deep as the chain, which
/// the recursive AST builder, printer and every later stage would have to descend.
/// </summary>
internal static class DepthCheck
{
    public static TextSpan? FirstTooDeep(FormulaParser.ExprContext root, int maxDepth)
    {
        var stack = new Stack<(IParseTree Node, int Depth)>();
        stack.Push((root, 0));
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            if (node is not ParserRuleContext ctx) continue;
            if (AddsLevel(ctx))
            {
                depth++;
                if (depth > maxDepth) return SpanOfOperator(ctx);
            }
            for (int i = ctx.ChildCount - 1; i >= 0; i--) stack.Push((ctx.GetChild(i), depth));
        }
        return null;
    }

    // The contexts that become AST nodes below the formula; '~' (at most one, by the token
    // checks), parentheses and the primary wrapper do not.
    private static bool AddsLevel(ParserRuleContext ctx) => ctx switch
    {
        FormulaParser.PrimaryExprContext => false,
        FormulaParser.FormulaExprContext or FormulaParser.OneSidedFormulaExprContext => false,
        FormulaParser.ExprContext => true,
        FormulaParser.CallContext => true,
        FormulaParser.ArgumentContext => true,
        _ => false,
    };

    private static TextSpan SpanOfOperator(ParserRuleContext ctx)
    {
        // Point at the operator of the node that is one level too deep, or at its first token.
        for (int i = 0; i < ctx.ChildCount; i++)
            if (ctx.GetChild(i) is ITerminalNode t && t.Symbol.Type != FormulaLexer.LPAREN)
                return TokenChecks.Span(t.Symbol);
        return TokenChecks.Span(ctx.Start);
    }
}
