using System.Collections.Concurrent;
using System.Reflection;
using Procurement.Contracts.Grains;

namespace Procurement.Silo.Hosting;

/// <summary>Hands out grain references: proxies that route every interface call through the <see cref="GrainHost"/>.</summary>
public sealed class GrainFactory(GrainHost host) : IGrainFactory
{
    public TGrain GetGrain<TGrain>(Guid key) where TGrain : IGrainWithGuidKey
    {
        var proxy = DispatchProxy.Create<TGrain, GrainReference>();
        var reference = (GrainReference)(object)proxy!;
        reference.Host = host;
        reference.Interface = typeof(TGrain);
        reference.Key = key;
        return proxy;
    }
}

/// <summary>The proxy behind a grain interface: turns each call into a host invocation on the grain's key.</summary>
public class GrainReference : DispatchProxy
{
    private static readonly ConcurrentDictionary<MethodInfo, Func<GrainReference, MethodInfo, object?[], object>> dispatchers = new();
    private static readonly MethodInfo typedDispatch = typeof(GrainReference).GetMethod(nameof(DispatchTyped), BindingFlags.NonPublic | BindingFlags.Static)!;

    internal GrainHost Host { get; set; } = null!;
    internal Type Interface { get; set; } = null!;
    internal Guid Key { get; set; }

    protected override object? Invoke(MethodInfo? method, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(method);
        var dispatch = dispatchers.GetOrAdd(method, static m =>
        {
            var returnType = m.ReturnType;
            if (returnType == typeof(Task))
                return static (r, mi, a) => (Task)r.Host.InvokeAsync<object?>(r.Interface, r.Key, mi, a);
            if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
                return typedDispatch.MakeGenericMethod(returnType.GetGenericArguments()[0])
                    .CreateDelegate<Func<GrainReference, MethodInfo, object?[], object>>();
            throw new NotSupportedException($"Grain method {m.DeclaringType?.Name}.{m.Name} must return Task or Task<T>.");
        });
        return dispatch(this, method, args ?? []);
    }

    private static object DispatchTyped<T>(GrainReference r, MethodInfo method, object?[] args) =>
        r.Host.InvokeAsync<T>(r.Interface, r.Key, method, args);
}
