using Microsoft.Extensions.Options;

namespace ChatIntake.Hosting;

/// <summary>Names the entry of Proxy:KnownProxies or Proxy:KnownNetworks that cannot be read.</summary>
internal sealed class ProxyOptionsValidator : IValidateOptions<ProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, ProxyOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
