using System.Security.Cryptography;
using ChatIntake.Data;
using ChatIntake.Dialogs.Intake;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tickets;

/// <summary>Random codes from a cryptographic source (29^8 ≈ 5×10^11 of them): unguessable, and saying nothing about volume or order.</summary>
public sealed class TrackingCodeGenerator
{
    public async Task<string> NewCodeAsync(IntakeDbContext db, CancellationToken cancellationToken)
    {
        while (true)
        {
            var code = new string(RandomNumberGenerator.GetItems<char>(TrackingCode.Alphabet, TrackingCode.Length));
            var taken = db.Tickets.Local.Any(t => t.TrackingCode == code) ||
                        await db.Tickets.AnyAsync(t => t.TrackingCode == code, cancellationToken);
            if (!taken)
            {
                return code;
            }
        }
    }
}
