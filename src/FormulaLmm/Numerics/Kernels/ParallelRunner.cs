using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace FormulaLmm.Numerics;

/// <summary>One unit of a kernel's work, identified by its index; items of one job touch disjoint output.</summary>
internal interface IKernelJob
{
    void Execute(int item);
}

/// <summary>
/// Runs the items of a job on the calling thread plus up to <see cref="Workers"/> − 1 helpers borrowed from the
/// process-wide <see cref="KernelHelperTeam"/>. Items are claimed one at a time from a shared counter (dynamic
/// balancing; see <see cref="Run"/> for the order). The caller waits only for items a helper has actually
/// claimed, never for a helper that has not been scheduled yet: on a loaded machine the caller simply does the
/// work itself, where a fork–join barrier would stall for a scheduler time slice. A helper stays attached while
/// jobs keep coming (a blocked Cholesky issues them back to back) and goes back to the team after 1 ms without
/// work.
/// Nothing is allocated per run. Which thread runs an item never changes the arithmetic inside it, so results
/// do not depend on the number of workers.
/// </summary>
internal sealed class ParallelRunner
{
    // Long enough to bridge the serial work between two factorisations of a fit; waking a parked helper costs
    // from tens of µs up to about 1 ms on this virtual machine (an idle vCPU must be rescheduled by the host).
    private static readonly long LingerTicks = Stopwatch.Frequency / 1000; // 1 ms

    /// <summary>The unclaimed items [front, back): front in the low 32 bits, back in the high 32 bits. One atomic
    /// word, so every claim is checked against the bounds of its own job; 0 means no job.</summary>
    private long _ticket;
    private IKernelJob? _job;
    private bool _helpersFromBack;
    private int _pending;
    private int _helpers;
    private ExceptionDispatchInfo? _failure;

    public ParallelRunner(int maxDegreeOfParallelism)
    {
        Workers = Math.Clamp(maxDegreeOfParallelism, 1, Environment.ProcessorCount);
    }

    public int Workers { get; }

    /// <summary>Runs items 0..count−1. With <paramref name="helpersFromBack"/> the caller works down from the first
    /// item and helpers up from the last, so each thread writes one contiguous stretch: use it when items are
    /// cheap next to the cache lines their edges share with neighbouring items (false sharing). Otherwise all
    /// threads take items in index order (heaviest-first lists stay balanced).</summary>
    public void Run(IKernelJob job, int count, bool parallel, bool helpersFromBack = false)
    {
        if (!parallel || Workers == 1 || count < 2)
        {
            for (int i = 0; i < count; i++)
            {
                job.Execute(i);
            }
            return;
        }
        _job = job;
        _helpersFromBack = helpersFromBack;
        _failure = null;
        Volatile.Write(ref _pending, count);
        // Opening the ticket publishes the job: a helper that claims a valid index then sees these writes.
        Interlocked.Exchange(ref _ticket, (long)count << 32);
        Attach(Math.Min(Workers, count) - 1);

        Drain(fromBack: false);
        var spinner = new SpinWait();
        while (Volatile.Read(ref _pending) > 0)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
        }
        Interlocked.Exchange(ref _ticket, 0);
        _job = null;
        _failure?.Throw();
    }

    /// <summary>Attaches the helpers now, ahead of the first job, so that their wake-up overlaps the caller's
    /// serial work (the first diagonal block of a Cholesky).</summary>
    public void Warm()
    {
        if (Workers > 1)
        {
            Attach(Workers - 1);
        }
    }

    private void Attach(int wanted)
    {
        int helpers;
        while ((helpers = Volatile.Read(ref _helpers)) < wanted)
        {
            if (Interlocked.CompareExchange(ref _helpers, helpers + 1, helpers) != helpers)
            {
                continue;
            }
            if (!KernelHelperTeam.TryAttach(this))
            {
                // Every helper is busy (another caller, or the machine has one core): run with fewer threads.
                Interlocked.Decrement(ref _helpers);
                return;
            }
        }
    }

    /// <summary>Body of an attached helper: runs this runner's jobs until none has come for a while.</summary>
    public void Help()
    {
        while (true)
        {
            long lastWork = Stopwatch.GetTimestamp();
            while (Stopwatch.GetTimestamp() - lastWork <= LingerTicks)
            {
                if (HasWork() && Drain(Volatile.Read(ref _helpersFromBack)))
                {
                    lastWork = Stopwatch.GetTimestamp();
                    continue;
                }
                // Busy-wait without yielding: a yield on a loaded machine can cost a whole time slice, far
                // longer than the gap (a diagonal block, tens of µs) before the next job.
                Thread.SpinWait(16);
            }
            Interlocked.Decrement(ref _helpers);
            // A job opened just before the decrement may have counted on this helper: stay for it unless the
            // runner has meanwhile found its helpers elsewhere.
            int helpers = Volatile.Read(ref _helpers);
            if (!HasWork() || helpers >= Workers - 1 || Interlocked.CompareExchange(ref _helpers, helpers + 1, helpers) != helpers)
            {
                return;
            }
        }
    }

    private bool HasWork()
    {
        long ticket = Volatile.Read(ref _ticket);
        return (int)ticket < (int)(ticket >> 32);
    }

    /// <summary>Claims and runs items until none is left, from the front or the back; returns whether it ran
    /// any. A failed claim overshoots its bound, which keeps every later claim of the job failing too; the
    /// helper's end may be stale (from the previous job), which costs locality, never correctness.</summary>
    private bool Drain(bool fromBack)
    {
        bool ran = false;
        while (true)
        {
            int item;
            if (fromBack)
            {
                long ticket = Interlocked.Add(ref _ticket, -(1L << 32));
                item = (int)(ticket >> 32);
                if (item < (int)ticket)
                {
                    return ran;
                }
            }
            else
            {
                long ticket = Interlocked.Increment(ref _ticket);
                item = (int)ticket - 1;
                if (item >= (int)(ticket >> 32))
                {
                    return ran;
                }
            }
            // The job cannot end (and _job change) before this claimed item is counted off.
            IKernelJob job = Volatile.Read(ref _job)!;
            try
            {
                job.Execute(item);
            }
            catch (Exception e)
            {
                _failure ??= ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                Interlocked.Decrement(ref _pending);
            }
            ran = true;
        }
    }
}

/// <summary>
/// ProcessorCount − 1 dedicated background threads shared by all workspaces, created on first use. An idle
/// helper sleeps on a semaphore; a runner attaches it for as long as it keeps issuing jobs. Dedicated threads
/// wake in tens of microseconds, where a thread-pool work item was measured here to wait milliseconds at the
/// 90th percentile while the caller kept its core busy. Helpers are never shared by two runners at once, so
/// concurrent callers cannot put more threads to work than callers plus helpers.
/// </summary>
internal static class KernelHelperTeam
{
    private static readonly Lazy<Helper[]> Helpers = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    public static bool TryAttach(ParallelRunner runner)
    {
        foreach (Helper helper in Helpers.Value)
        {
            if (helper.TryAttach(runner))
            {
                return true;
            }
        }
        return false;
    }

    private static Helper[] Create()
    {
        var helpers = new Helper[Math.Max(0, Environment.ProcessorCount - 1)];
        for (int i = 0; i < helpers.Length; i++)
        {
            helpers[i] = new Helper(i);
        }
        return helpers;
    }

    private sealed class Helper
    {
        private const int Idle = 0;
        private const int Attached = 1;

        private readonly SemaphoreSlim _wake = new(0);
        private ParallelRunner? _runner;
        private int _state;

        public Helper(int index)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"FormulaLmm kernel helper {index + 1}" };
            thread.Start();
        }

        public bool TryAttach(ParallelRunner runner)
        {
            if (Interlocked.CompareExchange(ref _state, Attached, Idle) != Idle)
            {
                return false;
            }
            Volatile.Write(ref _runner, runner);
            _wake.Release();
            return true;
        }

        private void Loop()
        {
            while (true)
            {
                _wake.Wait();
                ParallelRunner runner = Volatile.Read(ref _runner)!;
                try
                {
                    runner.Help();
                }
                finally
                {
                    _runner = null;
                    Volatile.Write(ref _state, Idle);
                }
            }
        }
    }
}
