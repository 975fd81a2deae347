using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace FormulaLmm.Numerics;

/// <summary>One unit of a kernel's work, identified by its index; items of one job touch disjoint output.</summary>
internal interface IKernelJob
{
    void Execute(int item);
}

/// <summary>
/// Runs the items of a job on the calling thread plus up to <see cref="Workers"/> − 1 thread-pool helpers.
/// Items are claimed in index order, so heavy items listed first keep the cores evenly busy. The caller
/// waits only for items a helper has actually claimed, never for a helper that has not been scheduled yet:
/// on a loaded machine the caller simply does the work itself, where a fork–join barrier would stall for a
/// scheduler quantum. Helpers linger briefly for the next job, since a blocked Cholesky issues its parallel
/// steps back to back. Nothing is allocated per run. Which thread runs an item never changes the arithmetic
/// inside it, so results do not depend on the number of workers.
/// </summary>
internal sealed class ParallelRunner : IThreadPoolWorkItem
{
    private static readonly long LingerTicks = Stopwatch.Frequency / 5000; // 200 µs

    /// <summary>Item count in the high 32 bits, items claimed so far in the low 32 bits. One atomic word, so
    /// a claim always pairs an index with the count of the same job; a count of 0 means no job.</summary>
    private long _ticket;
    private IKernelJob? _job;
    private int _pending;
    private int _helpers;
    private ExceptionDispatchInfo? _failure;

    public ParallelRunner(int maxDegreeOfParallelism)
    {
        Workers = Math.Clamp(maxDegreeOfParallelism, 1, Environment.ProcessorCount);
    }

    public int Workers { get; }

    public void Run(IKernelJob job, int count, bool parallel)
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
        _failure = null;
        Volatile.Write(ref _pending, count);
        // Opening the ticket publishes the job: a helper that claims a valid index then sees these writes.
        Interlocked.Exchange(ref _ticket, (long)count << 32);
        int wanted = Math.Min(Workers, count) - 1;
        int helpers;
        while ((helpers = Volatile.Read(ref _helpers)) < wanted)
        {
            if (Interlocked.CompareExchange(ref _helpers, helpers + 1, helpers) == helpers)
            {
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
            }
        }

        Drain();
        var spinner = new SpinWait();
        while (Volatile.Read(ref _pending) > 0)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
        }
        Interlocked.Exchange(ref _ticket, 0);
        _job = null;
        _failure?.Throw();
    }

    private bool HasWork()
    {
        long ticket = Volatile.Read(ref _ticket);
        return (int)ticket < (int)(ticket >> 32);
    }

    /// <summary>Claims and runs items until none is left; returns whether it ran any.</summary>
    private bool Drain()
    {
        bool ran = false;
        while (true)
        {
            long ticket = Interlocked.Increment(ref _ticket);
            int item = (int)ticket - 1;
            if (item >= (int)(ticket >> 32))
            {
                return ran;
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

    void IThreadPoolWorkItem.Execute()
    {
        while (true)
        {
            long lastWork = Stopwatch.GetTimestamp();
            while (Stopwatch.GetTimestamp() - lastWork <= LingerTicks)
            {
                if (HasWork() && Drain())
                {
                    lastWork = Stopwatch.GetTimestamp();
                    continue;
                }
                // Busy-wait without yielding: a yield on a loaded machine can cost a whole time slice, far
                // longer than the gap (a diagonal block, tens of µs) before the next job.
                Thread.SpinWait(16);
            }
            Interlocked.Decrement(ref _helpers);
            // A job opened just before the decrement may have counted on this helper; stay for it if no
            // replacement has been queued meanwhile.
            int helpers = Volatile.Read(ref _helpers);
            if (!HasWork() || helpers >= Workers - 1 || Interlocked.CompareExchange(ref _helpers, helpers + 1, helpers) != helpers)
            {
                return;
            }
        }
    }
}
