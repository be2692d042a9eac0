using ChatIntake.Outbox;
using ChatIntake.Staff;

namespace ChatIntake.Tickets;

/// <summary>What one workflow operation staged: the ticket, its new event, the messages to citizens and the audit entry, saved together.</summary>
public sealed record TicketChange(Ticket Ticket, TicketEvent? Event, IReadOnlyList<OutboxMessage> Messages, AuditEntry? Audit = null);
