<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>AuditView</name>
    <message numerus="yes">
        <source>— {count} line(s) (newest shown)</source>
        <translation>
            <numerusform>— {count} line (newest shown)</numerusform>
            <numerusform>— {count} lines (newest shown)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>— {count} line(s)</source>
        <translation>
            <numerusform>— {count} line</numerusform>
            <numerusform>— {count} lines</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported {count} line(s) to {path}.</source>
        <translation>
            <numerusform>Exported {count} line to {path}.</numerusform>
            <numerusform>Exported {count} lines to {path}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BlacklistView</name>
    <message numerus="yes">
        <source>{count} entry(ies)</source>
        <translation>
            <numerusform>{count} entry</numerusform>
            <numerusform>{count} entries</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{shown} of {count} entry(ies) shown</source>
        <translation>
            <numerusform>{shown} of {count} entry shown</numerusform>
            <numerusform>{shown} of {count} entries shown</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Customer: {name} — {count} reservations records: choose the one to put on the blacklist.</source>
        <translation>
            <numerusform>Customer: {name} — {count} reservations record: choose it to put on the blacklist.</numerusform>
            <numerusform>Customer: {name} — {count} reservations records: choose the one to put on the blacklist.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported {count} entry(ies) to {path} (the whole list: the search does not filter exports).</source>
        <translation>
            <numerusform>Exported {count} entry to {path} (the whole list: the search does not filter exports).</numerusform>
            <numerusform>Exported {count} entries to {path} (the whole list: the search does not filter exports).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported {count} entry(ies) to {path}.</source>
        <translation>
            <numerusform>Exported {count} entry to {path}.</numerusform>
            <numerusform>Exported {count} entries to {path}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EditsPanel</name>
    <message numerus="yes">
        <source>{waiting} edit(s) waiting · {failed} failed</source>
        <translation>
            <numerusform>{waiting} edit waiting · {failed} failed</numerusform>
            <numerusform>{waiting} edits waiting · {failed} failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{count} edit(s) waiting</source>
        <translation>
            <numerusform>{count} edit waiting</numerusform>
            <numerusform>{count} edits waiting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{count} edit(s) failed</source>
        <translation>
            <numerusform>{count} edit failed</numerusform>
            <numerusform>{count} edits failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Made at {counter} in {mode} mode, {when}; tried {count} time(s).</source>
        <translation>
            <numerusform>Made at {counter} in {mode} mode, {when}; tried {count} time.</numerusform>
            <numerusform>Made at {counter} in {mode} mode, {when}; tried {count} times.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ManagerButton</name>
    <message numerus="yes">
        <source>Manager (locks in {count} min) — lock ({key})</source>
        <translation>
            <numerusform>Manager (locks in {count} min) — lock ({key})</numerusform>
            <numerusform>Manager (locks in {count} min) — lock ({key})</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Manager mode, locks in {count} minute(s): lock now</source>
        <translation>
            <numerusform>Manager mode, locks in {count} minute: lock now</numerusform>
            <numerusform>Manager mode, locks in {count} minutes: lock now</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message numerus="yes">
        <source>Also move {count} booking(s) on the reservations server from “{source}” to “{target}”</source>
        <translation>
            <numerusform>Also move {count} booking on the reservations server from “{source}” to “{target}”</numerusform>
            <numerusform>Also move {count} bookings on the reservations server from “{source}” to “{target}”</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>From the walk-in placeholder record {source} ({count} booking(s), reservations says now) to the customer record {target}. Sent when reservations answers; it cannot be undone from Clientdesk.</source>
        <translation>
            <numerusform>From the walk-in placeholder record {source} ({count} booking, reservations says now) to the customer record {target}. Sent when reservations answers; it cannot be undone from Clientdesk.</numerusform>
            <numerusform>From the walk-in placeholder record {source} ({count} bookings, reservations says now) to the customer record {target}. Sent when reservations answers; it cannot be undone from Clientdesk.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>From the walk-in placeholder record {source} ({count} booking(s), as last synced; reservations could not be asked ({error})) to the customer record {target}. Sent when reservations answers; it cannot be undone from Clientdesk.</source>
        <translation>
            <numerusform>From the walk-in placeholder record {source} ({count} booking, as last synced; reservations could not be asked ({error})) to the customer record {target}. Sent when reservations answers; it cannot be undone from Clientdesk.</numerusform>
            <numerusform>From the walk-in placeholder record {source} ({count} bookings, as last synced; reservations could not be asked ({error})) to the customer record {target}. Sent when reservations answers; it cannot be undone from Clientdesk.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>From the walk-in placeholder record {source} ({count} booking(s), as last synced) to the customer record {target}. Sent when reservations answers; it cannot be undone from Clientdesk.</source>
        <translation>
            <numerusform>From the walk-in placeholder record {source} ({count} booking, as last synced) to the customer record {target}. Sent when reservations answers; it cannot be undone from Clientdesk.</numerusform>
            <numerusform>From the walk-in placeholder record {source} ({count} bookings, as last synced) to the customer record {target}. Sent when reservations answers; it cannot be undone from Clientdesk.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>This will link {this} and {other} on this PC (one customer in search and profiles; Unlink undoes it); and ask reservations to move {count} booking(s) from “{source}” (placeholder) to “{target}” — not undoable here.</source>
        <translation>
            <numerusform>This will link {this} and {other} on this PC (one customer in search and profiles; Unlink undoes it); and ask reservations to move {count} booking from “{source}” (placeholder) to “{target}” — not undoable here.</numerusform>
            <numerusform>This will link {this} and {other} on this PC (one customer in search and profiles; Unlink undoes it); and ask reservations to move {count} bookings from “{source}” (placeholder) to “{target}” — not undoable here.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>This will ask reservations to move {count} booking(s) from “{source}” (placeholder) to “{target}” — not undoable here.</source>
        <translation>
            <numerusform>This will ask reservations to move {count} booking from “{source}” (placeholder) to “{target}” — not undoable here.</numerusform>
            <numerusform>This will ask reservations to move {count} bookings from “{source}” (placeholder) to “{target}” — not undoable here.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message numerus="yes">
        <source>Enter the manager PIN to add or remove blacklist entries, link customers and export. Manager mode locks itself after {count} minute(s) without use.</source>
        <translation>
            <numerusform>Enter the manager PIN to add or remove blacklist entries, link customers and export. Manager mode locks itself after {count} minute without use.</numerusform>
            <numerusform>Enter the manager PIN to add or remove blacklist entries, link customers and export. Manager mode locks itself after {count} minutes without use.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProfilePanel</name>
    <message numerus="yes">
        <source>⚠ %Ln no-show(s) (all vendors)</source>
        <translation>
            <numerusform>⚠ %Ln no-show (all vendors)</numerusform>
            <numerusform>⚠ %Ln no-shows (all vendors)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>about %Ln min</source>
        <comment>minutes left to wait</comment>
        <translation>
            <numerusform>about %Ln min</numerusform>
            <numerusform>about %Ln min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln booking(s) could not be read</source>
        <translation>
            <numerusform>%Ln booking could not be read</numerusform>
            <numerusform>%Ln bookings could not be read</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln booking(s)</source>
        <translation>
            <numerusform>%Ln booking</numerusform>
            <numerusform>%Ln bookings</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{shown} of %Ln booking(s) shown</source>
        <translation>
            <numerusform>{shown} of %Ln booking shown</numerusform>
            <numerusform>{shown} of %Ln bookings shown</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QueueText</name>
    <message numerus="yes">
        <source>%Ln no-shows</source>
        <translation>
            <numerusform>%Ln no-show</numerusform>
            <numerusform>%Ln no-shows</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln waiting</source>
        <translation>
            <numerusform>%Ln waiting</numerusform>
            <numerusform>%Ln waiting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln being served</source>
        <translation>
            <numerusform>%Ln being served</numerusform>
            <numerusform>%Ln being served</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>nobody waiting, %Ln being served</source>
        <translation>
            <numerusform>nobody waiting, %Ln being served</numerusform>
            <numerusform>nobody waiting, %Ln being served</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>average wait today {wait} (%Ln called)</source>
        <translation>
            <numerusform>average wait today {wait} (%Ln called)</numerusform>
            <numerusform>average wait today {wait} (%Ln called)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln tickets to notice in the queue</source>
        <translation>
            <numerusform>%Ln ticket to notice in the queue</numerusform>
            <numerusform>%Ln tickets to notice in the queue</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %Ln more — see the queue</source>
        <comment>alerts beyond the ones listed</comment>
        <translation>
            <numerusform>and %Ln more — see the queue</numerusform>
            <numerusform>and %Ln more — see the queue</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message numerus="yes">
        <source>{count} customers match “{query}”</source>
        <comment>more than shown: {count} ends in a plus sign, as in 100+</comment>
        <translation>
            <numerusform>{count} customers match “{query}”</numerusform>
            <numerusform>{count} customers match “{query}”</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{count} customer(s) match “{query}”</source>
        <translation>
            <numerusform>{count} customer matches “{query}”</numerusform>
            <numerusform>{count} customers match “{query}”</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SearchResultsModel</name>
    <message numerus="yes">
        <source>{count} loyalty point(s)</source>
        <translation>
            <numerusform>{count} loyalty point</numerusform>
            <numerusform>{count} loyalty points</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message numerus="yes">
        <source>{count} min ago</source>
        <translation>
            <numerusform>{count} min ago</numerusform>
            <numerusform>{count} min ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{count} h ago</source>
        <translation>
            <numerusform>{count} h ago</numerusform>
            <numerusform>{count} h ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{count} day(s) ago</source>
        <translation>
            <numerusform>{count} day ago</numerusform>
            <numerusform>{count} days ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{vendor}: {count} customer(s)</source>
        <translation>
            <numerusform>{vendor}: {count} customer</numerusform>
            <numerusform>{vendor}: {count} customers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{vendor}: {count} of {total} customer(s)</source>
        <comment>plural by the total</comment>
        <translation>
            <numerusform>{vendor}: {count} of {total} customer</numerusform>
            <numerusform>{vendor}: {count} of {total} customers</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TicketCard</name>
    <message numerus="yes">
        <source>Known: %Ln earlier visits, last on {date}</source>
        <translation>
            <numerusform>Known: %Ln earlier visit, last on {date}</numerusform>
            <numerusform>Known: %Ln earlier visits, last on {date}</numerusform>
        </translation>
    </message>
</context>
</TS>
