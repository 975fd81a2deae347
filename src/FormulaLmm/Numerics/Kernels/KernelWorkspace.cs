namespace FormulaLmm.Numerics;

/// <summary>
/// Reusable scratch memory and threading settings for <see cref="DenseCholesky"/> and <see cref="DenseKernels"/>.
/// Buffers grow to the largest problem seen and are then reused, so repeated calls of the same size allocate
/// nothing (call <see cref="Reserve"/> up front to make even the first call allocation-free).
/// A workspace is not thread-safe: use one per calling thread (<see cref="ForCurrentThread"/> does that).
/// </summary>
internal sealed class KernelWorkspace
{
    [ThreadStatic]
    private static KernelWorkspace? t_current;

    /// <summary>A workspace using every core of the machine.</summary>
    public KernelWorkspace()
        : this(Environment.ProcessorCount)
    {
    }

    /// <summary>A workspace whose large kernels use at most <paramref name="maxDegreeOfParallelism"/> threads
    /// (the calling thread included). Pass 1 when the caller already keeps every core busy.</summary>
    public KernelWorkspace(int maxDegreeOfParallelism)
        : this(maxDegreeOfParallelism, SimdSupport.Best)
    {
    }

    internal KernelWorkspace(int maxDegreeOfParallelism, SimdLevel simd)
        : this(maxDegreeOfParallelism, simd, KernelTuning.Default)
    {
    }

    internal KernelWorkspace(int maxDegreeOfParallelism, SimdLevel simd, KernelTuning tuning)
    {
        ArgumentNullException.ThrowIfNull(tuning);
        if (maxDegreeOfParallelism < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "Must be at least 1.");
        }
        if (!SimdSupport.IsSupported(simd))
        {
            throw new ArgumentOutOfRangeException(nameof(simd), simd, "This processor cannot run that instruction set.");
        }
        Simd = simd;
        Tuning = tuning;
        TileRows = SimdSupport.TileRows(simd);
        TileColumns = SimdSupport.TileColumns(simd);
        Runner = new ParallelRunner(maxDegreeOfParallelism);
        PanelSolve = new PanelSolveJob { Simd = simd, Mr = TileRows, Nr = TileColumns };
        Syrk = new SyrkJob { Simd = simd, Mr = TileRows, Nr = TileColumns };
        Gemm = new GemmJob { Simd = simd, Mr = TileRows, Nr = TileColumns };
        Pack = new PackJob();
    }

    /// <summary>The calling thread's own workspace, created on first use; used when no workspace is passed.</summary>
    public static KernelWorkspace ForCurrentThread => t_current ??= new KernelWorkspace();

    /// <summary>Threads the large kernels may use, the calling thread included.</summary>
    public int MaxDegreeOfParallelism => Runner.Workers;

    /// <summary>Grows the buffers so that every kernel call whose matrix dimensions are all at most
    /// <paramref name="n"/> allocates nothing.</summary>
    public void Reserve(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        int kStride = Packing.RoundUp(Math.Max(Tuning.CholeskyBlock, Tuning.DepthBlock), TileColumns);
        int rows = Packing.RoundUp(Math.Max(n, 1), TileRows);
        PackedA.EnsureCapacity((long)rows * kStride);
        PackedB.EnsureCapacity((long)Packing.RoundUp(Math.Max(n, 1), TileColumns) * kStride);
        PackedL.EnsureCapacity((long)kStride * kStride);
        InvDiag.EnsureCapacity(kStride);
    }

    internal SimdLevel Simd { get; }

    /// <summary>Block sizes and the parallel threshold the kernels use with this workspace.</summary>
    internal KernelTuning Tuning { get; }

    /// <summary>Rows of a register tile (MR).</summary>
    internal int TileRows { get; }

    /// <summary>Columns of a register tile (NR).</summary>
    internal int TileColumns { get; }

    internal ParallelRunner Runner { get; }

    internal AlignedBuffer PackedA { get; } = new();

    internal AlignedBuffer PackedB { get; } = new();

    internal AlignedBuffer PackedL { get; } = new();

    internal AlignedBuffer InvDiag { get; } = new();

    internal PanelSolveJob PanelSolve { get; }

    internal SyrkJob Syrk { get; }

    internal GemmJob Gemm { get; }

    internal PackJob Pack { get; }
}

/// <summary>Block sizes and the size above which kernels use more than one thread (chosen by measurement on
/// the AVX-512 EPYC host, see docs/performance.md). Immutable: a workspace is created with one, so a benchmark
/// that sweeps them builds one workspace per setting and no kernel call sees another caller's choice.</summary>
internal sealed record KernelTuning
{
    /// <summary>The measured defaults.</summary>
    public static KernelTuning Default { get; } = new();

    /// <summary>Columns per panel of the blocked Cholesky (and of the blocked triangular solves).</summary>
    public int CholeskyBlock { get; init; } = 128;

    /// <summary>Order of the diagonal blocks inside a panel's own (serial) factorisation.</summary>
    public int InnerBlock { get; init; } = 32;

    /// <summary>Order at or below which the diagonal block is factored column by column.</summary>
    public int UnblockedLimit { get; init; } = 32;

    /// <summary>Depth (k) of one packed pass of the general rank-k update and matrix product.</summary>
    public int DepthBlock { get; init; } = 256;

    /// <summary>Rows of C per work item of the rank-k update and matrix product.</summary>
    public int RowsPerItem { get; init; } = 96;

    /// <summary>Multiply-adds below which a kernel call stays on the calling thread.</summary>
    public double ParallelThreshold { get; init; } = 1.5e6;
}
