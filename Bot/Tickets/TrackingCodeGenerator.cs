using System.Security.Cryptography;
using ChatIntake.Dialogs.Intake;

namespace ChatIntake.Tickets;

/// <summary>
/// Random codes from a cryptographic source (29^8 ≈ 5×10^11 of them): unguessable, and saying nothing about volume or order.
/// A clash is left to the unique index: the save fails, the turns run again one by one and draw new codes. Checking
/// first would cost a look-up on every report for an event of about one in 10^6 even at a million tickets.
/// </summary>
public sealed class TrackingCodeGenerator(Func<string>? draw = null)
{
    private readonly Func<string> _draw = draw ?? (() => new string(RandomNumberGenerator.GetItems<char>(TrackingCode.Alphabet, TrackingCode.Length)));

    public string NewCode() => _draw();
}
