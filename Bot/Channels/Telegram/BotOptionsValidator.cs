using Microsoft.Extensions.Options;

namespace ChatIntake.Channels.Telegram;

/// <summary>Checks what the attributes cannot: addresses, and that webhook mode has its public URL and secret.</summary>
public sealed class BotOptionsValidator : IValidateOptions<BotOptions>
{
    public ValidateOptionsResult Validate(string? name, BotOptions options) =>
        options.Problem(name ?? "Telegram") is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
