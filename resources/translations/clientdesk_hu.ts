<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="hu">
<context>
    <name>AboutDialog</name>
    <message>
        <source>Version</source>
        <translation>Verzió</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>Üzlet</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Profil</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>Adatmappa</translation>
    </message>
    <message>
        <source>Keyring</source>
        <translation>Kulcstartó</translation>
    </message>
    <message>
        <source>About Clientdesk</source>
        <translation>A Clientdesk névjegye</translation>
    </message>
    <message>
        <source>Who is this customer, what have they booked, are they welcome, who is waiting.</source>
        <translation>Ki ez az ügyfél, mit foglalt, szívesen látjuk-e, ki várakozik.</translation>
    </message>
    <message>
        <source>Close the About box</source>
        <translation>A névjegy bezárása</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Másolás</translation>
    </message>
    <message>
        <source>Copy these lines for IT or support</source>
        <translation>A sorok másolása az informatikusoknak vagy az ügyfélszolgálatnak</translation>
    </message>
    <message>
        <source>{label}:</source>
        <comment>a row of the About box: its label</comment>
        <translation>{label}:</translation>
    </message>
</context>
<context>
    <name>AlertBanner</name>
    <message>
        <source>Queue alert</source>
        <translation>Figyelmeztetés a sorból</translation>
    </message>
    <message>
        <source>Show ticket</source>
        <translation>Sorszám megjelenítése</translation>
    </message>
    <message>
        <source>Bring up the queue with this ticket selected</source>
        <translation>A sor megnyitása ezzel a sorszámmal kijelölve</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Elvetés</translation>
    </message>
    <message>
        <source>Dismiss the alert</source>
        <translation>Figyelmeztetés elvetése</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <source>When</source>
        <translation>Mikor</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>Pult</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Mód</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Művelet</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Érintett</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Részletek</translation>
    </message>
</context>
<context>
    <name>AuditView</name>
    <message>
        <source>Audit log</source>
        <translation>Napló</translation>
    </message>
    <message>
        <source>Every edit, blacklist change, merge and export, newest first; managers only</source>
        <translation>Minden módosítás, tiltólista-változás, összekapcsolás és exportálás, a legújabb elöl; csak vezetőknek</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Exportálás CSV-be…</translation>
    </message>
    <message>
        <source>Export the audit log</source>
        <translation>A napló exportálása</translation>
    </message>
    <message>
        <source>Saves every line of the audit log to a CSV file you choose</source>
        <translation>A napló minden sorát egy választott CSV-fájlba menti</translation>
    </message>
    <message>
        <source>Managers only: unlock manager mode ({key}) to see who changed what.</source>
        <translation>Csak vezetőknek: oldja fel a vezetői módot ({key}), hogy lássa, ki mit módosított.</translation>
    </message>
    <message>
        <source>Audit log lines</source>
        <translation>Naplósorok</translation>
    </message>
    <message>
        <source>Newest first: when, at which counter, in which mode, what was done and to whom</source>
        <translation>A legújabb elöl: mikor, melyik pultnál, milyen módban, mi történt és kivel</translation>
    </message>
    <message numerus="yes">
        <source>— {count} line(s) (newest shown)</source>
        <translation>
            <numerusform>— {count} sor (a legújabbak látszanak)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>— {count} line(s)</source>
        <translation>
            <numerusform>— {count} sor</numerusform>
        </translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-fájlok (*.csv)</translation>
    </message>
    <message numerus="yes">
        <source>Exported {count} line(s) to {path}.</source>
        <translation>
            <numerusform>{count} sor exportálva ide: {path}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BlacklistModel</name>
    <message>
        <source>Who</source>
        <translation>Ki</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Elérhetőség</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Ok</translation>
    </message>
    <message>
        <source>On the list since</source>
        <translation>Tiltólistán mióta</translation>
    </message>
    <message>
        <source>Reservations</source>
        <translation>Állapot (reservations)</translation>
    </message>
    <message>
        <source>When this PC first saw the entry (reservations does not say when)</source>
        <translation>Amikor ez a gép először látta a bejegyzést (a reservations nem adja meg, mikor)</translation>
    </message>
</context>
<context>
    <name>BlacklistView</name>
    <message>
        <source>not sent</source>
        <translation>nincs elküldve</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>függőben</translation>
    </message>
    <message>
        <source>removal pending</source>
        <translation>eltávolítás függőben</translation>
    </message>
    <message>
        <source>confirmed</source>
        <translation>megerősítve</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(név nélkül)</translation>
    </message>
    <message>
        <source>Not synced with {vendor} yet — this PC knows only what was changed here.</source>
        <translation>Még nem volt szinkronizálás ({vendor}) — ez a gép csak az itt végzett módosításokat ismeri.</translation>
    </message>
    <message>
        <source>{vendor} offline since {since} — showing the blacklist as of {as_of}.</source>
        <translation>{vendor} {since} óta offline — a tiltólista állapota: {as_of}.</translation>
    </message>
    <message>
        <source>Blacklist as of {as_of} (last sync with {vendor}).</source>
        <translation>Tiltólista állapota: {as_of} (utolsó szinkronizálás: {vendor}).</translation>
    </message>
    <message>
        <source>{name} — {ref}</source>
        <comment>a reservations record: name — reference</comment>
        <translation>{name} — {ref}</translation>
    </message>
    <message>
        <source>walk-in placeholder</source>
        <translation>ideiglenes rekord (foglalás nélküli ügyfél)</translation>
    </message>
    <message>
        <source>on the blacklist: {reason}</source>
        <translation>tiltólistán: {reason}</translation>
    </message>
    <message>
        <source>Blacklist</source>
        <translation>Tiltólista</translation>
    </message>
    <message>
        <source>Yes, take them off</source>
        <translation>Igen, eltávolítás</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nem</translation>
    </message>
    <message>
        <source>Take off the blacklist?</source>
        <translation>Eltávolítás a tiltólistáról?</translation>
    </message>
    <message>
        <source>Yes, take them off the blacklist</source>
        <translation>Igen, eltávolítás a tiltólistáról</translation>
    </message>
    <message>
        <source>No, keep them on the blacklist</source>
        <translation>Nem, maradjon a tiltólistán</translation>
    </message>
    <message>
        <source>Search the blacklist</source>
        <translation>Keresés a tiltólistán</translation>
    </message>
    <message>
        <source>Filters the list as you type: name, email, phone or reason</source>
        <translation>Gépelés közben szűri a listát: név, e-mail, telefon vagy ok</translation>
    </message>
    <message>
        <source>Search name, email, phone or reason ({key})</source>
        <translation>Keresés: név, e-mail, telefon vagy ok ({key})</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>Hozzáadás…</translation>
    </message>
    <message>
        <source>Add someone to the blacklist</source>
        <translation>Ügyfél felvétele a tiltólistára</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>Eltávolítás…</translation>
    </message>
    <message>
        <source>Take the selected entry off the blacklist</source>
        <translation>A kijelölt bejegyzés eltávolítása a tiltólistáról</translation>
    </message>
    <message>
        <source>Asks first</source>
        <translation>Előbb megerősítést kér</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Exportálás CSV-be…</translation>
    </message>
    <message>
        <source>Export the blacklist</source>
        <translation>A tiltólista exportálása</translation>
    </message>
    <message>
        <source>Saves the whole blacklist to a CSV file you choose, without contacts</source>
        <translation>A teljes tiltólistát a kiválasztott CSV-fájlba menti, elérhetőségek nélkül</translation>
    </message>
    <message>
        <source>Read-only: only managers add, remove or export entries.</source>
        <translation>Csak olvasható: bejegyzést csak vezető vehet fel, távolíthat el vagy exportálhat.</translation>
    </message>
    <message>
        <source>Manager mode… ({key})</source>
        <translation>Vezetői mód… ({key})</translation>
    </message>
    <message>
        <source>Unlock manager mode</source>
        <translation>Vezetői mód feloldása</translation>
    </message>
    <message>
        <source>Asks for the manager PIN; shortcut {key}</source>
        <translation>Vezetői PIN-kódot kér; billentyű: {key}</translation>
    </message>
    <message>
        <source>Add to the blacklist</source>
        <translation>Felvétel a tiltólistára</translation>
    </message>
    <message>
        <source>Add to the blacklist — find the customer, then give the reason (required):</source>
        <translation>Felvétel a tiltólistára — keresse meg az ügyfelet, majd adja meg az okot (kötelező):</translation>
    </message>
    <message>
        <source>Find the customer to put on the blacklist</source>
        <translation>A tiltólistára kerülő ügyfél keresése</translation>
    </message>
    <message>
        <source>Type a name, email or phone, then pick with Enter</source>
        <translation>Írjon be nevet, e-mail-címet vagy telefonszámot, majd válasszon az Enter billentyűvel</translation>
    </message>
    <message>
        <source>Customers found</source>
        <translation>Talált ügyfelek</translation>
    </message>
    <message>
        <source>No customer picked yet.</source>
        <translation>Még nincs kiválasztott ügyfél.</translation>
    </message>
    <message>
        <source>Which reservations record to put on the blacklist</source>
        <translation>Melyik reservations-rekord kerüljön a tiltólistára</translation>
    </message>
    <message>
        <source>Choose which reservations record…</source>
        <translation>Válassza ki a reservations-rekordot…</translation>
    </message>
    <message>
        <source>Reason for the blacklist entry</source>
        <translation>A tiltólistára vétel oka</translation>
    </message>
    <message>
        <source>Required: say what happened</source>
        <translation>Kötelező: írja le, mi történt</translation>
    </message>
    <message>
        <source>What happened (required)</source>
        <translation>Mi történt (kötelező)</translation>
    </message>
    <message>
        <source>Put on the blacklist</source>
        <translation>Tiltólistára vétel</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Mégse</translation>
    </message>
    <message>
        <source>Cancel adding to the blacklist</source>
        <translation>A tiltólistára vétel megszakítása</translation>
    </message>
    <message>
        <source>Blacklist entries</source>
        <translation>Tiltólista-bejegyzések</translation>
    </message>
    <message>
        <source>Who, a masked contact, the reason, since when this PC has seen the entry, and whether reservations has confirmed it</source>
        <translation>Ki, rejtett elérhetőség, az ok, mióta látja a gép a bejegyzést, és megerősítette-e a reservations rendszer</translation>
    </message>
    <message>
        <source>The blacklist could not be read from the cache ({error}).</source>
        <translation>A tiltólista nem olvasható be a gép helyi adataiból ({error}).</translation>
    </message>
    <message numerus="yes">
        <source>{count} entry(ies)</source>
        <translation>
            <numerusform>{count} bejegyzés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{shown} of {count} entry(ies) shown</source>
        <translation>
            <numerusform>{count} bejegyzésből {shown} látható</numerusform>
        </translation>
    </message>
    <message>
        <source>Only managers change or export the blacklist: unlock manager mode first ({key}).</source>
        <translation>A tiltólistát csak vezető módosíthatja vagy exportálhatja: előbb oldja fel a vezetői módot ({key}).</translation>
    </message>
    <message>
        <source>Customer: {name} — ⚠ already blacklisted</source>
        <translation>Ügyfél: {name} — ⚠ már tiltólistán van</translation>
    </message>
    <message>
        <source>Customer: {name}</source>
        <translation>Ügyfél: {name}</translation>
    </message>
    <message numerus="yes">
        <source>Customer: {name} — {count} reservations records: choose the one to put on the blacklist.</source>
        <translation>
            <numerusform>Ügyfél: {name} — {count} reservations-rekord: válassza ki, melyik kerüljön a tiltólistára.</numerusform>
        </translation>
    </message>
    <message>
        <source>Customer: {name} — ⚠ already on the blacklist (reason: {reason}); the new reason replaces it.</source>
        <translation>Ügyfél: {name} — ⚠ már tiltólistán van (ok: {reason}); az új ok lecseréli.</translation>
    </message>
    <message>
        <source>Customer: {name} — ⚠ no reservations record, so the blacklist cannot hold them.</source>
        <translation>Ügyfél: {name} — ⚠ nincs reservations-rekordja, így nem vehető fel a tiltólistára.</translation>
    </message>
    <message>
        <source>Pick the customer first: type their name, then Enter.</source>
        <translation>Előbb válassza ki az ügyfelet: írja be a nevét, majd Enter.</translation>
    </message>
    <message>
        <source>{refusal} Choose it in the list under the customer.</source>
        <translation>{refusal} Válassza ki a rekordot az ügyfél alatti listában.</translation>
    </message>
    <message>
        <source>Nothing was saved: the cache could not be written ({error}).</source>
        <translation>Nem történt mentés: a gép helyi adatai nem írhatók ({error}).</translation>
    </message>
    <message>
        <source>{name} is already on the blacklist for that reason; nothing was changed.</source>
        <translation>{name} már ezzel az okkal szerepel a tiltólistán; semmi sem változott.</translation>
    </message>
    <message>
        <source>The customer is already on the blacklist for that reason; nothing was changed.</source>
        <translation>Az ügyfél már ezzel az okkal szerepel a tiltólistán; semmi sem változott.</translation>
    </message>
    <message>
        <source>{name} was already on the blacklist: the reason is replaced on this PC, pending until reservations confirms it.</source>
        <translation>{name} már tiltólistán volt: az ok ezen a gépen lecserélve, a reservations rendszer megerősítéséig függőben.</translation>
    </message>
    <message>
        <source>The customer was already on the blacklist: the reason is replaced on this PC, pending until reservations confirms it.</source>
        <translation>Az ügyfél már tiltólistán volt: az ok ezen a gépen lecserélve, a reservations rendszer megerősítéséig függőben.</translation>
    </message>
    <message>
        <source>{name} is on the blacklist on this PC; pending until reservations confirms it.</source>
        <translation>{name} ezen a gépen tiltólistára került; a reservations rendszer megerősítéséig függőben.</translation>
    </message>
    <message>
        <source>The customer is on the blacklist on this PC; pending until reservations confirms it.</source>
        <translation>Az ügyfél ezen a gépen tiltólistára került; a reservations rendszer megerősítéséig függőben.</translation>
    </message>
    <message>
        <source>Select an entry in the list first.</source>
        <translation>Előbb jelöljön ki egy bejegyzést a listában.</translation>
    </message>
    <message>
        <source>Take {name} off the blacklist? Reason was: {reason}</source>
        <translation>{name} eltávolítása a tiltólistáról? Az ok ez volt: {reason}</translation>
    </message>
    <message>
        <source>Take this customer off the blacklist? Reason was: {reason}</source>
        <translation>Az ügyfél eltávolítása a tiltólistáról? Az ok ez volt: {reason}</translation>
    </message>
    <message>
        <source>{name} was taken off the blacklist on this PC; pending until reservations confirms it.</source>
        <translation>{name} ezen a gépen lekerült a tiltólistáról; a reservations rendszer megerősítéséig függőben.</translation>
    </message>
    <message>
        <source>The customer was taken off the blacklist on this PC; pending until reservations confirms it.</source>
        <translation>Az ügyfél ezen a gépen lekerült a tiltólistáról; a reservations rendszer megerősítéséig függőben.</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-fájlok (*.csv)</translation>
    </message>
    <message numerus="yes">
        <source>Exported {count} entry(ies) to {path} (the whole list: the search does not filter exports).</source>
        <translation>
            <numerusform>{count} bejegyzés exportálva ide: {path} (a teljes lista: a keresés nem szűri az exportot).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported {count} entry(ies) to {path}.</source>
        <translation>
            <numerusform>{count} bejegyzés exportálva ide: {path}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChipRow</name>
    <message>
        <source>Labels: {labels}</source>
        <translation>Címkék: {labels}</translation>
    </message>
    <message>
        <source>, </source>
        <comment>between labels</comment>
        <translation>, </translation>
    </message>
    <message>
        <source>No labels</source>
        <translation>Nincs címke</translation>
    </message>
</context>
<context>
    <name>CommandPalette</name>
    <message>
        <source>Command palette</source>
        <translation>Parancskereső</translation>
    </message>
    <message>
        <source>Commands</source>
        <translation>Parancsok</translation>
    </message>
    <message>
        <source>Type what you want to do…</source>
        <translation>Írja be, mit szeretne tenni…</translation>
    </message>
    <message>
        <source>Find a command</source>
        <translation>Parancs keresése</translation>
    </message>
    <message>
        <source>Type words of the command; Up and Down choose, Enter runs it, Esc closes</source>
        <translation>Írja be a parancs szavait; a fel és le nyíllal választhat, az Enter futtatja, az Esc bezárja</translation>
    </message>
    <message>
        <source>Matching commands</source>
        <translation>Egyező parancsok</translation>
    </message>
    <message>
        <source>No command has these words.</source>
        <translation>Nincs ilyen szavakat tartalmazó parancs.</translation>
    </message>
    <message>
        <source>Enter runs the command · Esc closes</source>
        <translation>Enter: parancs futtatása · Esc: bezárás</translation>
    </message>
</context>
<context>
    <name>CompleteDialog</name>
    <message>
        <source>&amp;First name:</source>
        <translation>&amp;Keresztnév:</translation>
    </message>
    <message>
        <source>Walk-in&apos;s first name</source>
        <translation>A foglalás nélküli ügyfél keresztneve</translation>
    </message>
    <message>
        <source>La&amp;st name:</source>
        <translation>&amp;Vezetéknév:</translation>
    </message>
    <message>
        <source>Walk-in&apos;s last name</source>
        <translation>A foglalás nélküli ügyfél vezetékneve</translation>
    </message>
    <message>
        <source>E&amp;mail:</source>
        <translation>&amp;E-mail:</translation>
    </message>
    <message>
        <source>Walk-in&apos;s email</source>
        <translation>A foglalás nélküli ügyfél e-mail-címe</translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation>&amp;Telefon:</translation>
    </message>
    <message>
        <source>Walk-in&apos;s phone</source>
        <translation>A foglalás nélküli ügyfél telefonszáma</translation>
    </message>
    <message>
        <source>&amp;Birthday:</source>
        <translation>Születési &amp;dátum:</translation>
    </message>
    <message>
        <source>Walk-in&apos;s birthday</source>
        <translation>A foglalás nélküli ügyfél születési dátuma</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>nem kötelező</translation>
    </message>
    <message>
        <source>optional: local or international</source>
        <translation>nem kötelező: belföldi vagy nemzetközi formátum</translation>
    </message>
    <message>
        <source>optional: YYYY-MM-DD</source>
        <translation>nem kötelező: ÉÉÉÉ-HH-NN</translation>
    </message>
    <message>
        <source>on file: a date — leave empty to keep</source>
        <translation>meglévő adat: egy dátum — hagyja üresen a megtartásához</translation>
    </message>
    <message>
        <source>on file: {value} — leave empty to keep</source>
        <translation>meglévő adat: {value} — hagyja üresen a megtartásához</translation>
    </message>
    <message>
        <source>Complete walk-in record</source>
        <translation>Foglalás nélküli ügyfél adatainak kiegészítése</translation>
    </message>
    <message>
        <source>Fill in the walk-in&apos;s details; they are sent to reservations (and wait on this PC while it cannot be reached). Reservations cannot remove a detail it has.</source>
        <translation>Adja meg a foglalás nélküli ügyfél adatait; ezek a reservations rendszerbe kerülnek (amíg az nem érhető el, ezen a gépen várakoznak). A reservations rendszerben már meglévő adat nem törölhető.</translation>
    </message>
    <message>
        <source>{least} to {most} characters</source>
        <translation>{least}–{most} karakter</translation>
    </message>
    <message>
        <source>&amp;Save and send</source>
        <translation>&amp;Mentés és küldés</translation>
    </message>
    <message>
        <source>Save the walk-in&apos;s details</source>
        <translation>A foglalás nélküli ügyfél adatainak mentése</translation>
    </message>
    <message>
        <source>Sends them to reservations; they wait on this PC while it cannot be reached</source>
        <translation>Elküldi őket a reservations rendszerbe; amíg az nem érhető el, ezen a gépen várakoznak</translation>
    </message>
    <message>
        <source>Cancel: nothing is saved</source>
        <translation>Mégse: nem történik mentés</translation>
    </message>
    <message>
        <source>Nothing was saved: fix what is marked.</source>
        <translation>Nem történt mentés: javítsa a megjelölt mezőket.</translation>
    </message>
    <message>
        <source>The details could not be saved on this PC ({error}). Nothing was changed; try again.</source>
        <translation>Az adatokat nem sikerült menteni ezen a gépen ({error}). Semmi sem változott; próbálja újra.</translation>
    </message>
</context>
<context>
    <name>ConflictBox</name>
    <message>
        <source>Changed elsewhere: choose which version to keep</source>
        <translation>Máshol módosult: válassza ki, melyik változat maradjon</translation>
    </message>
    <message>
        <source>Yours (not sent yet)</source>
        <translation>Az öné (még nincs elküldve)</translation>
    </message>
    <message>
        <source>Now on {vendor} (changed meanwhile)</source>
        <translation>Jelenleg itt: {vendor} (közben módosult)</translation>
    </message>
    <message>
        <source>Your version, not sent yet</source>
        <translation>Az ön változata, még nincs elküldve</translation>
    </message>
    <message>
        <source>The version now on {vendor}</source>
        <translation>A jelenlegi változat itt: {vendor}</translation>
    </message>
    <message>
        <source>Keep mine (send it again)</source>
        <translation>Az enyém marad (újraküldés)</translation>
    </message>
    <message>
        <source>Keep mine and send it again</source>
        <translation>Az enyém marad, és újra elküldöm</translation>
    </message>
    <message>
        <source>Take theirs (drop mine)</source>
        <translation>Az övék marad (az enyémet elvetem)</translation>
    </message>
    <message>
        <source>Take theirs and drop mine</source>
        <translation>Az övék marad, az enyémet elvetem</translation>
    </message>
    <message>
        <source>Yours replaces the version on {vendor}</source>
        <translation>Az ön változata felülírja a {vendor} változatát</translation>
    </message>
    <message>
        <source>The version on {vendor} stays; yours is discarded</source>
        <translation>A {vendor} változata marad; az öné elvész</translation>
    </message>
    <message>
        <source>The walk-in record of {who} was changed on {vendor} after you began editing. Nothing was overwritten — choose which one to keep.</source>
        <translation>{who} foglalás nélküli rekordját a szerkesztés megkezdése után módosították a {vendor} rendszerben. Semmi sem íródott felül — válassza ki, melyiket tartja meg.</translation>
    </message>
    <message>
        <source>The note of {who} was changed on {vendor} after you began editing. Nothing was overwritten — choose which one to keep.</source>
        <translation>{who} megjegyzését a szerkesztés megkezdése után módosították a {vendor} rendszerben. Semmi sem íródott felül — válassza ki, melyiket tartja meg.</translation>
    </message>
</context>
<context>
    <name>CustomerPicker</name>
    <message>
        <source>(no name)</source>
        <translation>(nincs név)</translation>
    </message>
    <message>
        <source>{customer} · ⚠ blacklisted</source>
        <translation>{customer} · ⚠ tiltólistán</translation>
    </message>
    <message>
        <source>Find a saved customer</source>
        <translation>Mentett ügyfél keresése</translation>
    </message>
    <message>
        <source>Type a name, email or phone; the arrow keys move in the list and Enter picks</source>
        <translation>Írjon be nevet, e-mail-címet vagy telefonszámot; a nyílbillentyűkkel mozoghat a listában, az Enter kiválaszt</translation>
    </message>
    <message>
        <source>Type a name, email or phone, then pick with Enter</source>
        <translation>Írjon be nevet, e-mail-címet vagy telefonszámot, majd válasszon az Enter billentyűvel</translation>
    </message>
    <message>
        <source>Saved customers found</source>
        <translation>Talált mentett ügyfelek</translation>
    </message>
    <message>
        <source>Enter or a double-click picks the highlighted customer</source>
        <translation>Enter vagy dupla kattintás: a kijelölt ügyfél kiválasztása</translation>
    </message>
    <message>
        <source>No saved customer matches.</source>
        <translation>Nincs egyező mentett ügyfél.</translation>
    </message>
</context>
<context>
    <name>EditsModel</name>
    <message>
        <source>Made</source>
        <translation>Létrehozva</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Módosítás</translation>
    </message>
    <message>
        <source>Where it stands</source>
        <translation>Állapot</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Készítette</translation>
    </message>
    <message>
        <source>{counter} · {mode}</source>
        <comment>who made an edit: the counter · the mode</comment>
        <translation>{counter} · {mode}</translation>
    </message>
</context>
<context>
    <name>EditsPanel</name>
    <message numerus="yes">
        <source>{waiting} edit(s) waiting · {failed} failed</source>
        <translation>
            <numerusform>{waiting} módosítás vár · {failed} sikertelen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{count} edit(s) waiting</source>
        <translation>
            <numerusform>{count} módosítás vár</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{count} edit(s) failed</source>
        <translation>
            <numerusform>{count} módosítás sikertelen</numerusform>
        </translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>nincs megadott ok</translation>
    </message>
    <message>
        <source>Changed on {vendor} meanwhile — choose a version</source>
        <translation>Közben módosult ({vendor}) — válasszon változatot</translation>
    </message>
    <message>
        <source>Refused by {vendor}: {reason}</source>
        <translation>Elutasítva ({vendor}): {reason}</translation>
    </message>
    <message>
        <source>Waiting — {vendor} could not be reached, next try {when}</source>
        <translation>Várakozik — nem érhető el: {vendor}; újabb próbálkozás: {when}</translation>
    </message>
    <message>
        <source>Waiting — {vendor} could not be reached</source>
        <translation>Várakozik — nem érhető el: {vendor}</translation>
    </message>
    <message>
        <source>Waiting to be sent to {vendor}</source>
        <translation>Küldésre vár: {vendor}</translation>
    </message>
    <message>
        <source>Edits not sent yet</source>
        <translation>Még el nem küldött módosítások</translation>
    </message>
    <message>
        <source>Every edit is saved on this PC first, then sent to its vendor. Edits wait here while a vendor cannot be reached and are sent as soon as it answers. An edit a vendor refused, or one changed elsewhere meanwhile, stops here until you retry, edit or discard it.</source>
        <translation>Minden módosítás először ezen a gépen mentődik, aztán megy el a szolgáltatóhoz. Amíg egy szolgáltató nem érhető el, a módosítások itt várnak, és amint válaszol, elmennek. Ha egy szolgáltató elutasít egy módosítást, vagy közben máshol módosították, az itt marad, amíg újra nem küldi, nem szerkeszti vagy el nem veti.</translation>
    </message>
    <message>
        <source>Nothing waiting: every edit has reached its vendor.</source>
        <translation>Nincs várakozó módosítás: mind megérkezett a szolgáltatójához.</translation>
    </message>
    <message>
        <source>Yes, discard it</source>
        <translation>Igen, elvetem</translation>
    </message>
    <message>
        <source>No, keep it</source>
        <translation>Nem, megtartom</translation>
    </message>
    <message>
        <source>Discard this edit?</source>
        <translation>Elveti ezt a módosítást?</translation>
    </message>
    <message>
        <source>Yes, discard the edit</source>
        <translation>Igen, elvetem a módosítást</translation>
    </message>
    <message>
        <source>No, keep the edit</source>
        <translation>Nem, megtartom a módosítást</translation>
    </message>
    <message>
        <source>Send waiting edits now</source>
        <translation>Várakozó módosítások küldése most</translation>
    </message>
    <message>
        <source>Edits not sent yet, oldest first</source>
        <translation>Még el nem küldött módosítások, a legrégebbi elöl</translation>
    </message>
    <message>
        <source>When each edit was made, what it does, where it stands and who made it</source>
        <translation>Az egyes módosítások: mikor készültek, mit tesznek, hol tartanak és ki készítette őket</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Újra</translation>
    </message>
    <message>
        <source>Send it again now</source>
        <translation>Újraküldés most</translation>
    </message>
    <message>
        <source>Retry the selected edit</source>
        <translation>A kijelölt módosítás újraküldése</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Szerkesztés…</translation>
    </message>
    <message>
        <source>Go to where this edit was made</source>
        <translation>Ugrás oda, ahol ez a módosítás készült</translation>
    </message>
    <message>
        <source>Go to where the selected edit was made</source>
        <translation>Ugrás oda, ahol a kijelölt módosítás készült</translation>
    </message>
    <message>
        <source>Discard…</source>
        <translation>Elvetés…</translation>
    </message>
    <message>
        <source>Give up on this edit: it is never sent</source>
        <translation>A módosítás elvetése: soha nem megy el</translation>
    </message>
    <message>
        <source>Discard the selected edit</source>
        <translation>A kijelölt módosítás elvetése</translation>
    </message>
    <message>
        <source>Give up on this edit: it is never sent. Asks first.</source>
        <translation>A módosítás elvetése: soha nem megy el. Előtte rákérdez.</translation>
    </message>
    <message>
        <source>— {counts}</source>
        <translation>— {counts}</translation>
    </message>
    <message>
        <source>Last answer: {answer}</source>
        <translation>Utolsó válasz: {answer}</translation>
    </message>
    <message>
        <source>Note: {note}</source>
        <translation>Megjegyzés: {note}</translation>
    </message>
    <message numerus="yes">
        <source>Made at {counter} in {mode} mode, {when}; tried {count} time(s).</source>
        <translation>
            <numerusform>Készült: {counter}, mód: {mode}, {when}; próbálkozások: {count}.</numerusform>
        </translation>
    </message>
    <message>
        <source>That edit is no longer open.</source>
        <translation>Ez a módosítás már lezárult.</translation>
    </message>
    <message>
        <source>Discard “{what}”? It will never be sent, and the value it replaced shows again.</source>
        <translation>Elveti ezt: “{what}”? Soha nem megy el, és újra a korábbi érték látszik.</translation>
    </message>
    <message>
        <source>Could not discard it ({error}).</source>
        <translation>Nem sikerült elvetni ({error}).</translation>
    </message>
    <message>
        <source>Discarded.</source>
        <translation>Elvetve.</translation>
    </message>
    <message>
        <source>Yours is on its way again.</source>
        <translation>Az Ön változata újra úton van.</translation>
    </message>
    <message>
        <source>The other version was kept; yours was discarded.</source>
        <translation>A másik változat maradt; az Öné elvetve.</translation>
    </message>
</context>
<context>
    <name>EditsStatus</name>
    <message>
        <source>Edits not sent yet</source>
        <translation>Még el nem küldött módosítások</translation>
    </message>
    <message>
        <source>Opens the Edits tab</source>
        <translation>Megnyitja a Módosítások lapot</translation>
    </message>
    <message>
        <source>Edits saved on this PC and not yet confirmed by their vendor — click to see them</source>
        <translation>A gépen mentett, a szolgáltató által még meg nem erősített módosítások — kattintson a megtekintésükhöz</translation>
    </message>
    <message>
        <source>Edits not sent yet: {counts}</source>
        <translation>Még el nem küldött módosítások: {counts}</translation>
    </message>
</context>
<context>
    <name>ErrorFunnel</name>
    <message>
        <source>Something went wrong inside Clientdesk. Your data is safe; the details were written to {log_file}.</source>
        <translation>Hiba történt a Clientdeskben. Az adatai biztonságban vannak; a részletek ide kerültek: {log_file}.</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>Hiba történt</translation>
    </message>
</context>
<context>
    <name>HelpOverlay</name>
    <message>
        <source>Keyboard help</source>
        <translation>Billentyűsúgó</translation>
    </message>
    <message>
        <source>Every key of this window; F1 or Esc closes it</source>
        <translation>Az ablak összes billentyűje; az F1 vagy az Esc bezárja</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Billentyűk</translation>
    </message>
    <message>
        <source>F1 or Esc closes this list.</source>
        <translation>Az F1 vagy az Esc bezárja ezt a listát.</translation>
    </message>
</context>
<context>
    <name>InlineConfirm</name>
    <message>
        <source>Please confirm</source>
        <translation>Megerősítés</translation>
    </message>
</context>
<context>
    <name>Keys</name>
    <message>
        <source>{action} — asks first</source>
        <translation>{action} — előtte rákérdez</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Ablak</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Keresés</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Adatlap</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Sor</translation>
    </message>
    <message>
        <source>Edits</source>
        <translation>Módosítások</translation>
    </message>
    <message>
        <source>Show or hide this list of keys</source>
        <translation>A billentyűlista megjelenítése vagy elrejtése</translation>
    </message>
    <message>
        <source>Find a command by its name and run it</source>
        <translation>Parancs keresése név szerint és futtatása</translation>
    </message>
    <message>
        <source>Back to the search box (empties it when already there); closes this list or a question</source>
        <translation>Vissza a keresőmezőbe (ha már ott van, kiüríti); bezárja ezt a listát vagy egy kérdést</translation>
    </message>
    <message>
        <source>Sync now and refresh the open profile; on the Vendors tab, check every vendor</source>
        <translation>Szinkronizálás most és a megnyitott adatlap frissítése; a Szolgáltatók lapon minden szolgáltató ellenőrzése</translation>
    </message>
    <message>
        <source>About Clientdesk: version, store, where the logs are</source>
        <translation>A Clientdesk névjegye: verzió, üzlet, a naplófájlok helye</translation>
    </message>
    <message>
        <source>Go to the search box</source>
        <translation>Ugrás a keresőmezőbe</translation>
    </message>
    <message>
        <source>Move through the results (the cursor stays in the box)</source>
        <translation>Lépkedés a találatok között (a kurzor a mezőben marad)</translation>
    </message>
    <message>
        <source>Open the highlighted customer, or the booking whose link was scanned or pasted</source>
        <translation>A kiemelt ügyfél megnyitása, vagy a foglalásé, amelynek linkjét beolvasták vagy beillesztették</translation>
    </message>
    <message>
        <source>Add the open customer to the queue (name and contacts on file filled in)</source>
        <translation>A megnyitott ügyfél sorba állítása (a nyilvántartott név és elérhetőségek kitöltve)</translation>
    </message>
    <message>
        <source>Timeline: show bookings from one vendor</source>
        <translation>Foglalások: csak egy szolgáltató foglalásai</translation>
    </message>
    <message>
        <source>Timeline: show bookings with one status</source>
        <translation>Foglalások: csak egy adott állapotú foglalások</translation>
    </message>
    <message>
        <source>Go to the queue (shows it when hidden)</source>
        <translation>Ugrás a sorhoz (megjeleníti, ha rejtve van)</translation>
    </message>
    <message>
        <source>Open the profile of the selected ticket&apos;s customer</source>
        <translation>A kijelölt sorszámhoz tartozó ügyfél adatlapjának megnyitása</translation>
    </message>
    <message>
        <source>Add a walk-in to the queue (line, name, contacts, labels)</source>
        <translation>Foglalás nélküli ügyfél sorba állítása (sor, név, elérhetőségek, címkék)</translation>
    </message>
    <message>
        <source>Manager mode: unlock with the PIN, or lock it again now</source>
        <translation>Vezetői mód: feloldás PIN-kóddal, vagy azonnali zárolás</translation>
    </message>
    <message>
        <source>Edit the open customer&apos;s reservations note</source>
        <translation>A megnyitott ügyfél megjegyzésének szerkesztése a reservations rendszerben</translation>
    </message>
    <message>
        <source>Save the note being edited (sent to reservations as soon as it answers)</source>
        <translation>A szerkesztett megjegyzés mentése (a reservations rendszerbe kerül, amint válaszol)</translation>
    </message>
    <message>
        <source>Add a label to the selected queue ticket</source>
        <translation>Címke hozzáadása a kijelölt sorszámhoz</translation>
    </message>
    <message>
        <source>In a ticket&apos;s labels: remove the selected label</source>
        <translation>Egy sorszám címkéi között: a kijelölt címke eltávolítása</translation>
    </message>
    <message>
        <source>Go to the blacklist and its search box</source>
        <translation>Ugrás a tiltólistához és a keresőmezőjéhez</translation>
    </message>
    <message>
        <source>Edits not sent yet: retry, edit or discard</source>
        <translation>Még el nem küldött módosítások: újraküldés, szerkesztés vagy elvetés</translation>
    </message>
    <message>
        <source>The queue&apos;s keys work anywhere in the window, except Shift+Del inside a text box (there it cuts text): press F12 first.</source>
        <translation>A sor billentyűi az ablakban bárhol működnek, kivéve szövegmezőben a Shift+Del billentyűt (ott kivágja a szöveget): előbb nyomja meg az F12 billentyűt.</translation>
    </message>
    <message>
        <source>{first} or {second}</source>
        <translation>{first} vagy {second}</translation>
    </message>
</context>
<context>
    <name>LabelsEditor</name>
    <message>
        <source>{label} — pending (adding)</source>
        <translation>{label} — folyamatban (hozzáadás)</translation>
    </message>
    <message>
        <source>{label} — pending (removing)</source>
        <translation>{label} — folyamatban (eltávolítás)</translation>
    </message>
    <message>
        <source>{label} — not sent: {reason}</source>
        <translation>{label} — nincs elküldve: {reason}</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>elutasítva</translation>
    </message>
    <message>
        <source>Labels of the selected ticket</source>
        <translation>A kijelölt sorszám címkéi</translation>
    </message>
    <message>
        <source>Labels (sent to {vendor})</source>
        <translation>Címkék (küldve: {vendor})</translation>
    </message>
    <message>
        <source>Labels on the ticket</source>
        <translation>A sorszám címkéi</translation>
    </message>
    <message>
        <source>Delete removes the selected label</source>
        <translation>A Delete billentyű eltávolítja a kijelölt címkét</translation>
    </message>
    <message>
        <source>New label</source>
        <translation>Új címke</translation>
    </message>
    <message>
        <source>Type a label or pick one the store uses, then Enter; shortcut {key}</source>
        <translation>Írjon be egy címkét, vagy válasszon az üzletben használtak közül, majd Enter; billentyű: {key}</translation>
    </message>
    <message>
        <source>Label…</source>
        <translation>Címke…</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hozzáadás</translation>
    </message>
    <message>
        <source>Add the label</source>
        <translation>Címke hozzáadása</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Eltávolítás</translation>
    </message>
    <message>
        <source>Remove the selected label</source>
        <translation>A kijelölt címke eltávolítása</translation>
    </message>
    <message>
        <source>No labels</source>
        <translation>Nincs címke</translation>
    </message>
    <message>
        <source>No ticket selected</source>
        <translation>Nincs kijelölt sorszám</translation>
    </message>
    <message>
        <source>Select a ticket in the queue first.</source>
        <translation>Előbb jelöljön ki egy sorszámot a sorban.</translation>
    </message>
    <message>
        <source>Select a label in the list to remove it.</source>
        <translation>Az eltávolításhoz jelöljön ki egy címkét a listában.</translation>
    </message>
    <message>
        <source>The label could not be saved on this PC ({error}).</source>
        <translation>A címkét nem sikerült menteni ezen a gépen ({error}).</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Clientdesk — {store} (training)</source>
        <translation>Clientdesk — {store} (gyakorló mód)</translation>
    </message>
    <message>
        <source>Clientdesk — {store}</source>
        <translation>Clientdesk — {store}</translation>
    </message>
    <message>
        <source>Clientdesk</source>
        <translation>Clientdesk</translation>
    </message>
    <message>
        <source>Show or hide the queue</source>
        <translation>A várósor megjelenítése vagy elrejtése</translation>
    </message>
    <message>
        <source>TRAINING MODE — fake customers and vendors; nothing is sent anywhere</source>
        <translation>GYAKORLÓ MÓD — kitalált ügyfelek és szolgáltatók; semmi nem lesz elküldve</translation>
    </message>
    <message>
        <source>Parts of the window</source>
        <translation>Az ablak részei</translation>
    </message>
    <message>
        <source>&amp;Customers</source>
        <translation>&amp;Ügyfelek</translation>
    </message>
    <message>
        <source>&amp;Blacklist</source>
        <translation>&amp;Tiltólista</translation>
    </message>
    <message>
        <source>&amp;Edits</source>
        <translation>&amp;Módosítások</translation>
    </message>
    <message>
        <source>A&amp;udit</source>
        <translation>&amp;Napló</translation>
    </message>
    <message>
        <source>&amp;Vendors</source>
        <translation>S&amp;zolgáltatók</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Súgó</translation>
    </message>
    <message>
        <source>&amp;Keyboard help</source>
        <translation>&amp;Billentyűparancsok</translation>
    </message>
    <message>
        <source>&amp;Commands…</source>
        <translation>&amp;Parancskereső…</translation>
    </message>
    <message>
        <source>&amp;About Clientdesk</source>
        <translation>A Clientdesk &amp;névjegye</translation>
    </message>
    <message>
        <source>Queue (Qminder)</source>
        <translation>Várósor (Qminder)</translation>
    </message>
    <message>
        <source>Live queue</source>
        <translation>Élő várósor</translation>
    </message>
    <message>
        <source>Add to queue…</source>
        <translation>Felvétel a sorba…</translation>
    </message>
    <message>
        <source>Add this customer to the queue</source>
        <translation>Az ügyfél felvétele a sorba</translation>
    </message>
    <message>
        <source>Put this customer in a line, name and contacts on file filled in — key {key}</source>
        <translation>Az ügyfél felvétele egy sorba, a meglévő névvel és elérhetőségekkel kitöltve — billentyű: {key}</translation>
    </message>
    <message>
        <source>Queue ({key})</source>
        <translation>Várósor ({key})</translation>
    </message>
    <message>
        <source>Show or hide the live queue</source>
        <translation>Az élő várósor megjelenítése vagy elrejtése</translation>
    </message>
    <message>
        <source>Open a customer&apos;s profile first, then add them to the queue.</source>
        <translation>Előbb nyisson meg egy ügyféladatlapot, aztán vegye fel az ügyfelet a sorba.</translation>
    </message>
    <message>
        <source>Link duplicates…</source>
        <translation>Összekapcsolás…</translation>
    </message>
    <message>
        <source>Link this customer with a duplicate</source>
        <translation>Az ügyfél összekapcsolása egy duplikátummal</translation>
    </message>
    <message>
        <source>Managers: link this customer with a duplicate; optionally move reservations bookings</source>
        <translation>Vezetőknek: az ügyfél összekapcsolása egy duplikátummal; igény szerint a reservations-foglalások áthelyezése</translation>
    </message>
    <message>
        <source>Open a customer known to reservations first: the note lives there.</source>
        <translation>Előbb nyisson meg egy, a reservations rendszerben szereplő ügyfelet: a megjegyzés ott tárolódik.</translation>
    </message>
    <message>
        <source>This store has no queue in this window.</source>
        <translation>Ennek az üzletnek nincs várósora ebben az ablakban.</translation>
    </message>
    <message>
        <source>Open a saved customer first.</source>
        <translation>Előbb nyisson meg egy mentett ügyfelet.</translation>
    </message>
    <message>
        <source>Ticket {ticket} is no longer in the queue.</source>
        <translation>Sorszám: {ticket} — már nincs a sorban.</translation>
    </message>
    <message>
        <source>That customer is not in this PC&apos;s cache any more.</source>
        <translation>Ez az ügyfél már nincs meg a gép helyi adataiban.</translation>
    </message>
    <message>
        <source>Syncing now…</source>
        <translation>Szinkronizálás folyamatban…</translation>
    </message>
    <message>
        <source>Profiles cannot be opened in this window.</source>
        <translation>Ebben az ablakban nem nyithatók meg adatlapok.</translation>
    </message>
    <message>
        <source>customer {number}</source>
        <translation>ügyfél {number}</translation>
    </message>
    <message>
        <source>Selected {who}. Profiles cannot be opened in this window.</source>
        <translation>Kiválasztva: {who}. Ebben az ablakban nem nyithatók meg adatlapok.</translation>
    </message>
    <message>
        <source>Reading where the Qudini short link points…</source>
        <translation>A Qudini rövid link céljának beolvasása…</translation>
    </message>
    <message>
        <source>The customer cache could not be read ({reason}).</source>
        <translation>A gép helyi ügyféladatai nem olvashatók ({reason}).</translation>
    </message>
</context>
<context>
    <name>ManagerButton</name>
    <message>
        <source>Staff — unlock manager mode ({key})</source>
        <translation>Munkatárs — vezetői mód feloldása ({key})</translation>
    </message>
    <message>
        <source>Manager mode (PIN) adds and removes blacklist entries, links customers, exports and shows the audit log</source>
        <translation>Vezetői mód (PIN-kód): tiltólista-bejegyzések felvétele és törlése, ügyfelek összekapcsolása, exportálás és a napló megtekintése</translation>
    </message>
    <message>
        <source>Staff mode: unlock manager mode</source>
        <translation>Munkatársi mód: vezetői mód feloldása</translation>
    </message>
    <message numerus="yes">
        <source>Manager (locks in {count} min) — lock ({key})</source>
        <translation>
            <numerusform>Vezető (zárolás {count} perc múlva) — zárolás ({key})</numerusform>
        </translation>
    </message>
    <message>
        <source>Locks itself after a while without use; press to lock now</source>
        <translation>Egy idő után használat nélkül magától zárolódik; kattintson az azonnali zároláshoz</translation>
    </message>
    <message numerus="yes">
        <source>Manager mode, locks in {count} minute(s): lock now</source>
        <translation>
            <numerusform>Vezetői mód, {count} perc múlva zárolódik: zárolás most</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <source>(no name)</source>
        <translation>(névtelen)</translation>
    </message>
    <message>
        <source>{vendor}: {name} (walk-in placeholder)</source>
        <translation>{vendor}: {name} (ideiglenes rekord, foglalás nélküli)</translation>
    </message>
    <message>
        <source>{vendor}: {name}</source>
        <comment>a record: vendor: name</comment>
        <translation>{vendor}: {name}</translation>
    </message>
    <message>
        <source>no records</source>
        <translation>nincs rekord</translation>
    </message>
    <message>
        <source>Link duplicates</source>
        <translation>Duplikátumok összekapcsolása</translation>
    </message>
    <message>
        <source>Review…</source>
        <translation>Áttekintés…</translation>
    </message>
    <message>
        <source>Review what will happen</source>
        <translation>Áttekintés: mi fog történni</translation>
    </message>
    <message>
        <source>Shows the plan and asks before doing it</source>
        <translation>Megmutatja a tervet, és végrehajtás előtt rákérdez</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Bezárás</translation>
    </message>
    <message>
        <source>Close the dialog</source>
        <translation>Az ablak bezárása</translation>
    </message>
    <message>
        <source>Manual links of this customer:</source>
        <translation>Az ügyfél kézi összekapcsolásai:</translation>
    </message>
    <message>
        <source>Link duplicates of {name}</source>
        <translation>Duplikátumok összekapcsolása: {name}</translation>
    </message>
    <message>
        <source>Find the other customer record (the duplicate):</source>
        <translation>A másik ügyfélrekord (a duplikátum) keresése:</translation>
    </message>
    <message>
        <source>Find the other customer record</source>
        <translation>A másik ügyfélrekord keresése</translation>
    </message>
    <message>
        <source>Type a name, email or phone, then pick with Enter</source>
        <translation>Írjon be nevet, e-mail-címet vagy telefonszámot, majd válasszon az Enter billentyűvel</translation>
    </message>
    <message>
        <source>Customers found</source>
        <translation>Talált ügyfelek</translation>
    </message>
    <message>
        <source>No other customer picked yet.</source>
        <translation>Még nincs kiválasztva másik ügyfél.</translation>
    </message>
    <message>
        <source>Link these two customers on this PC (local and reversible: Unlink below undoes it)</source>
        <translation>A két ügyfél összekapcsolása ezen a gépen (helyi és visszavonható: az alábbi Szétválasztás visszavonja)</translation>
    </message>
    <message>
        <source>Link these two customers on this PC</source>
        <translation>A két ügyfél összekapcsolása ezen a gépen</translation>
    </message>
    <message>
        <source>Local and reversible: Unlink below undoes it</source>
        <translation>Helyi és visszavonható: az alábbi Szétválasztás visszavonja</translation>
    </message>
    <message>
        <source>Changes the reservations server; it cannot be undone from Clientdesk</source>
        <translation>A reservations szerveren változtat; a Clientdeskből nem vonható vissza</translation>
    </message>
    <message>
        <source>Also move bookings on the reservations server</source>
        <translation>A foglalások áthelyezése a reservations szerveren is</translation>
    </message>
    <message>
        <source>Confirm what will happen</source>
        <translation>Megerősítés: mi fog történni</translation>
    </message>
    <message>
        <source>Yes, do it</source>
        <translation>Igen, mehet</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Vissza</translation>
    </message>
    <message>
        <source>Back: change nothing</source>
        <translation>Vissza: nem változik semmi</translation>
    </message>
    <message>
        <source>This customer: {records}</source>
        <translation>Ez az ügyfél: {records}</translation>
    </message>
    <message>
        <source>None: this customer was never linked by hand.</source>
        <translation>Nincs: ezt az ügyfelet sosem kapcsolták össze kézzel.</translation>
    </message>
    <message>
        <source>{first} ({first_vendor}) + {second} ({second_vendor})</source>
        <translation>{first} ({first_vendor}) + {second} ({second_vendor})</translation>
    </message>
    <message>
        <source>Unlink</source>
        <translation>Szétválasztás</translation>
    </message>
    <message>
        <source>Unlink {first} and {second}</source>
        <translation>Szétválasztás: {first} és {second}</translation>
    </message>
    <message>
        <source>Other customer: {records} — that is this customer already</source>
        <translation>Másik ügyfél: {records} — ez ugyanaz az ügyfél</translation>
    </message>
    <message>
        <source>Other customer: {records}</source>
        <translation>Másik ügyfél: {records}</translation>
    </message>
    <message>
        <source>{name} has no reservations record: there is nothing to move.</source>
        <translation>{name}: nincs rekord a reservations rendszerben, nincs mit áthelyezni.</translation>
    </message>
    <message>
        <source>One of them has no reservations record: there is nothing to move.</source>
        <translation>Egyiküknek nincs rekordja a reservations rendszerben: nincs mit áthelyezni.</translation>
    </message>
    <message>
        <source>Reservations moves bookings only away from a walk-in placeholder record, and neither of these is one: nothing would move.</source>
        <translation>A reservations csak foglalás nélküli ügyfél ideiglenes rekordjáról helyez át foglalásokat, és egyik rekord sem ilyen: semmi sem kerülne át.</translation>
    </message>
    <message>
        <source>Pick the other customer to see what could move.</source>
        <translation>Válassza ki a másik ügyfelet, hogy lássa, mi helyezhető át.</translation>
    </message>
    <message numerus="yes">
        <source>Also move {count} booking(s) on the reservations server from “{source}” to “{target}”</source>
        <translation>
            <numerusform>{count} foglalás áthelyezése is a reservations szerveren, innen: “{source}”, ide: “{target}”</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>From the walk-in placeholder record {source} ({count} booking(s), reservations says now) to the customer record {target}. Sent when reservations answers; it cannot be undone from Clientdesk.</source>
        <translation>
            <numerusform>Honnan: foglalás nélküli ügyfél ideiglenes rekordja, {source} ({count} foglalás a reservations mostani adata szerint). Hová: ügyfélrekord, {target}. Akkor megy el, amikor a reservations válaszol; a Clientdeskből nem vonható vissza.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>From the walk-in placeholder record {source} ({count} booking(s), as last synced; reservations could not be asked ({error})) to the customer record {target}. Sent when reservations answers; it cannot be undone from Clientdesk.</source>
        <translation>
            <numerusform>Honnan: foglalás nélküli ügyfél ideiglenes rekordja, {source} ({count} foglalás a legutóbbi szinkronizálás szerint; a reservations nem volt lekérdezhető ({error})). Hová: ügyfélrekord, {target}. Akkor megy el, amikor a reservations válaszol; a Clientdeskből nem vonható vissza.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>From the walk-in placeholder record {source} ({count} booking(s), as last synced) to the customer record {target}. Sent when reservations answers; it cannot be undone from Clientdesk.</source>
        <translation>
            <numerusform>Honnan: foglalás nélküli ügyfél ideiglenes rekordja, {source} ({count} foglalás a legutóbbi szinkronizálás szerint). Hová: ügyfélrekord, {target}. Akkor megy el, amikor a reservations válaszol; a Clientdeskből nem vonható vissza.</numerusform>
        </translation>
    </message>
    <message>
        <source>this customer</source>
        <translation>ez az ügyfél</translation>
    </message>
    <message>
        <source>the other customer</source>
        <translation>a másik ügyfél</translation>
    </message>
    <message>
        <source>This will link {this} and {other} on this PC (one customer in search and profiles; Unlink undoes it).</source>
        <translation>Ezen a gépen összekapcsolódik: {this} és {other} (a keresésben és az adatlapokon egy ügyfél lesz; a Szétválasztás visszavonja).</translation>
    </message>
    <message numerus="yes">
        <source>This will link {this} and {other} on this PC (one customer in search and profiles; Unlink undoes it); and ask reservations to move {count} booking(s) from “{source}” (placeholder) to “{target}” — not undoable here.</source>
        <translation>
            <numerusform>Ezen a gépen összekapcsolódik: {this} és {other} (a keresésben és az adatlapokon egy ügyfél lesz; a Szétválasztás visszavonja); a reservations pedig kérést kap {count} foglalás áthelyezésére innen: “{source}” (ideiglenes), ide: “{target}” — ez itt nem vonható vissza.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>This will ask reservations to move {count} booking(s) from “{source}” (placeholder) to “{target}” — not undoable here.</source>
        <translation>
            <numerusform>A reservations kérést kap {count} foglalás áthelyezésére innen: “{source}” (ideiglenes), ide: “{target}” — ez itt nem vonható vissza.</numerusform>
        </translation>
    </message>
    <message>
        <source>Manager mode locked meanwhile: unlock it again.</source>
        <translation>A vezetői mód közben zárolódott: oldja fel újra.</translation>
    </message>
    <message>
        <source>Linked on this PC.</source>
        <translation>Összekapcsolva ezen a gépen.</translation>
    </message>
    <message>
        <source>The bookings transfer is queued (pending until reservations confirms it).</source>
        <translation>A foglalások áthelyezése elküldésre vár (függőben, amíg a reservations meg nem erősíti).</translation>
    </message>
    <message>
        <source>Unlinked: they are two customers again on this PC.</source>
        <translation>Szétválasztva: ezen a gépen újra két külön ügyfél.</translation>
    </message>
</context>
<context>
    <name>Modes</name>
    <message>
        <source>staff</source>
        <translation>munkatárs</translation>
    </message>
    <message>
        <source>manager</source>
        <translation>vezető</translation>
    </message>
</context>
<context>
    <name>NoteEditor</name>
    <message>
        <source>{count} / {limit} — too long</source>
        <translation>{count} / {limit} — túl hosszú</translation>
    </message>
    <message>
        <source>{count} / {limit}</source>
        <comment>characters typed / the limit</comment>
        <translation>{count} / {limit}</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>nincs megadva ok</translation>
    </message>
    <message>
        <source>Not sent: the note on {vendor} changed since you began. Choose a version.</source>
        <translation>Nincs elküldve: a megjegyzés közben megváltozott ({vendor}). Válasszon egy változatot.</translation>
    </message>
    <message>
        <source>Not sent — {vendor} refused it: {reason}</source>
        <translation>Nincs elküldve — a szolgáltató ({vendor}) elutasította: {reason}</translation>
    </message>
    <message>
        <source>Pending — saved on this PC; {vendor} could not be reached, next try at {when}. It is sent as soon as {vendor} answers.</source>
        <translation>Függőben — mentve ezen a gépen; a szolgáltató ({vendor}) nem érhető el, következő próbálkozás: {when}. Elküldjük, amint a szolgáltató ({vendor}) válaszol.</translation>
    </message>
    <message>
        <source>Pending — saved on this PC; {vendor} could not be reached. It is sent as soon as {vendor} answers.</source>
        <translation>Függőben — mentve ezen a gépen; a szolgáltató ({vendor}) nem érhető el. Elküldjük, amint a szolgáltató ({vendor}) válaszol.</translation>
    </message>
    <message>
        <source>Pending — saved on this PC, on its way to {vendor}.</source>
        <translation>Függőben — mentve ezen a gépen, úton a szolgáltatóhoz ({vendor}).</translation>
    </message>
    <message>
        <source>Reservations note</source>
        <translation>Megjegyzés (reservations)</translation>
    </message>
    <message>
        <source>Note (plain text)</source>
        <translation>Megjegyzés (egyszerű szöveg)</translation>
    </message>
    <message>
        <source>Characters in the note, and the limit</source>
        <translation>A megjegyzés karakterszáma és a korlát</translation>
    </message>
    <message>
        <source>Staff note kept on reservations; up to {limit} characters. Save with {key}.</source>
        <translation>A reservations rendszerben tárolt munkatársi megjegyzés; legfeljebb {limit} karakter. Mentés: {key}.</translation>
    </message>
    <message>
        <source>No note. Type one here, then Save.</source>
        <translation>Nincs megjegyzés. Írjon ide egyet, majd mentse.</translation>
    </message>
    <message>
        <source>Save note ({key})</source>
        <translation>Megjegyzés mentése ({key})</translation>
    </message>
    <message>
        <source>Save the note</source>
        <translation>Megjegyzés mentése</translation>
    </message>
    <message>
        <source>Undo changes</source>
        <translation>Módosítások visszavonása</translation>
    </message>
    <message>
        <source>Undo changes to the note</source>
        <translation>A megjegyzés módosításainak visszavonása</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Újra</translation>
    </message>
    <message>
        <source>Send the note again</source>
        <translation>Megjegyzés újraküldése</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Elvetés</translation>
    </message>
    <message>
        <source>Discard the note that was not sent</source>
        <translation>Az el nem küldött megjegyzés elvetése</translation>
    </message>
    <message>
        <source>Whether the note has reached reservations</source>
        <translation>A megjegyzés küldési állapota (reservations)</translation>
    </message>
    <message>
        <source>The note could not be read from the cache ({error}).</source>
        <translation>A megjegyzés nem olvasható be a gép helyi adataiból ({error}).</translation>
    </message>
    <message>
        <source>Your unsaved changes to this note are back: Save or Undo.</source>
        <translation>A megjegyzés nem mentett módosításai visszaálltak: mentse vagy vonja vissza őket.</translation>
    </message>
    <message>
        <source>Saved on reservations ({when}).</source>
        <translation>Mentve a reservations rendszerben ({when}).</translation>
    </message>
    <message>
        <source>The note could not be saved on this PC ({error}). Nothing was changed; try again.</source>
        <translation>A megjegyzést nem sikerült menteni ezen a gépen ({error}). Semmi sem változott; próbálja újra.</translation>
    </message>
    <message>
        <source>The note on reservations was kept; yours was discarded.</source>
        <translation>A reservations rendszerben lévő megjegyzés maradt meg; az Önét elvetettük.</translation>
    </message>
    <message>
        <source>Discarded: the note on reservations shows again after the next sync ({key}).</source>
        <translation>Elvetve: a reservations rendszerben lévő megjegyzés a következő szinkronizálás után újra megjelenik ({key}).</translation>
    </message>
</context>
<context>
    <name>OnlineLookupBar</name>
    <message>
        <source>{first} and {last}</source>
        <translation>{first} és {last}</translation>
    </message>
    <message>
        <source>Online lookup</source>
        <translation>Online keresés</translation>
    </message>
    <message>
        <source>Nobody on this PC matches: look the customer up at the vendors</source>
        <translation>Ezen a gépen nincs egyező ügyfél: keresés a szolgáltatóknál</translation>
    </message>
    <message>
        <source>Customers found at the vendors</source>
        <translation>A szolgáltatóknál talált ügyfelek</translation>
    </message>
    <message>
        <source>Enter opens the highlighted customer and keeps their record on this PC</source>
        <translation>Enter: a kijelölt ügyfél megnyitása és rekordjának megőrzése ezen a gépen</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Újra</translation>
    </message>
    <message>
        <source>Ask the vendors again</source>
        <translation>A szolgáltatók újbóli lekérdezése</translation>
    </message>
    <message>
        <source>Look up now</source>
        <translation>Keresés most</translation>
    </message>
    <message>
        <source>Look up at the vendors now</source>
        <translation>Keresés most a szolgáltatóknál</translation>
    </message>
    <message>
        <source>Nobody on this PC has the email {contact}, and no vendor of this store can look up by email.</source>
        <translation>Ezen a gépen senkinek sincs ilyen e-mail-címe: {contact}, és az üzlet egyik szolgáltatója sem tud e-mail-cím alapján keresni.</translation>
    </message>
    <message>
        <source>Nobody on this PC has the phone number {contact}, and no vendor of this store can look up by phone number.</source>
        <translation>Ezen a gépen senkinek sincs ilyen telefonszáma: {contact}, és az üzlet egyik szolgáltatója sem tud telefonszám alapján keresni.</translation>
    </message>
    <message>
        <source>Nobody on this PC has the email {contact}. Looking it up at {vendors} in a moment — Enter to ask now.</source>
        <translation>Ezen a gépen senkinek sincs ilyen e-mail-címe: {contact}. Hamarosan keresés a szolgáltatóknál ({vendors}) — Enter: keresés most.</translation>
    </message>
    <message>
        <source>Nobody on this PC has the phone number {contact}. Looking it up at {vendors} in a moment — Enter to ask now.</source>
        <translation>Ezen a gépen senkinek sincs ilyen telefonszáma: {contact}. Hamarosan keresés a szolgáltatóknál ({vendors}) — Enter: keresés most.</translation>
    </message>
    <message>
        <source>Asking {vendors} about the email {contact}…</source>
        <translation>Keresés a szolgáltatóknál ({vendors}), e-mail-cím: {contact}…</translation>
    </message>
    <message>
        <source>Asking {vendors} about the phone number {contact}…</source>
        <translation>Keresés a szolgáltatóknál ({vendors}), telefonszám: {contact}…</translation>
    </message>
    <message>
        <source>Pick the right one: Enter opens it.</source>
        <translation>Válassza ki a megfelelőt; az Enter megnyitja.</translation>
    </message>
    <message>
        <source>Enter opens them.</source>
        <comment>one customer was found</comment>
        <translation>Az Enter megnyitja.</translation>
    </message>
    <message>
        <source>{name} could not be kept on this PC ({reason}); try again.</source>
        <translation>Az ügyfelet ({name}) nem sikerült megőrizni ezen a gépen ({reason}); próbálja újra.</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <source>Set the manager PIN</source>
        <translation>Vezetői PIN-kód beállítása</translation>
    </message>
    <message>
        <source>Manager mode</source>
        <translation>Vezetői mód</translation>
    </message>
    <message>
        <source>Manager PIN</source>
        <translation>Vezetői PIN-kód</translation>
    </message>
    <message>
        <source>6 to 12 digits</source>
        <translation>6–12 számjegy</translation>
    </message>
    <message>
        <source>&amp;PIN:</source>
        <translation>&amp;PIN-kód:</translation>
    </message>
    <message>
        <source>Manager PIN again</source>
        <translation>Vezetői PIN-kód még egyszer</translation>
    </message>
    <message>
        <source>The same PIN once more</source>
        <translation>Ugyanaz a PIN-kód még egyszer</translation>
    </message>
    <message>
        <source>PIN &amp;again:</source>
        <translation>PIN-kód &amp;megerősítése:</translation>
    </message>
    <message>
        <source>Set PIN and unlock</source>
        <translation>PIN-kód beállítása és feloldás</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Feloldás</translation>
    </message>
    <message>
        <source>Cancel: stay in staff mode</source>
        <translation>Mégse: maradás munkatársi módban</translation>
    </message>
    <message>
        <source>No manager PIN is set on this PC yet. Choose one now: 6 to 12 digits, typed twice. Only its salted hash is kept.</source>
        <translation>Ezen a gépen még nincs vezetői PIN-kód. Válasszon most egyet: 6–12 számjegy, kétszer beírva. Csak a sózott kivonatát tároljuk.</translation>
    </message>
    <message numerus="yes">
        <source>Enter the manager PIN to add or remove blacklist entries, link customers and export. Manager mode locks itself after {count} minute(s) without use.</source>
        <translation>
            <numerusform>Adja meg a vezetői PIN-kódot a tiltólista bejegyzéseinek hozzáadásához vagy törléséhez, ügyfelek összekapcsolásához és exportáláshoz. A vezetői mód {count} perc tétlenség után zárolódik.</numerusform>
        </translation>
    </message>
    <message>
        <source>The two PINs are not the same. Type the same PIN twice.</source>
        <translation>A két PIN-kód nem egyezik. Írja be kétszer ugyanazt a PIN-kódot.</translation>
    </message>
</context>
<context>
    <name>ProfilePanel</name>
    <message>
        <source>Boo&amp;kings</source>
        <translation>F&amp;oglalások</translation>
    </message>
    <message>
        <source>&amp;Loyalty</source>
        <translation>&amp;Hűségprogram</translation>
    </message>
    <message>
        <source>&amp;Reservations</source>
        <translation>&amp;Reservations</translation>
    </message>
    <message>
        <source>&amp;Qudini</source>
        <translation>&amp;Qudini</translation>
    </message>
    <message>
        <source>Boo&amp;xi</source>
        <translation>Boo&amp;xi</translation>
    </message>
    <message>
        <source>Customer profile</source>
        <translation>Ügyféladatlap</translation>
    </message>
    <message>
        <source>No customer open.

Pick one in the results (Enter or double-click), or scan or paste their Qudini booking link into the search box and press Enter.</source>
        <translation>Nincs megnyitott ügyfél.

Válasszon egyet a találatok közül (Enter vagy dupla kattintás), vagy olvassa be, illetve illessze be a Qudini-foglalás linkjét a keresőmezőbe, és nyomja meg az Enter billentyűt.</translation>
    </message>
    <message>
        <source>This customer is on a blacklist</source>
        <translation>Ez az ügyfél tiltólistán van</translation>
    </message>
    <message>
        <source>Possibly the same person</source>
        <translation>Talán ugyanaz a személy</translation>
    </message>
    <message>
        <source>Vendor sections</source>
        <translation>Szolgáltatók adatai</translation>
    </message>
    <message>
        <source>What each vendor knows about this customer; arrow keys scroll</source>
        <translation>Amit az egyes szolgáltatók tudnak erről az ügyfélről; görgetés a nyílbillentyűkkel</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Bezárás</translation>
    </message>
    <message>
        <source>Close the profile</source>
        <translation>Adatlap bezárása</translation>
    </message>
    <message>
        <source>Reveal</source>
        <translation>Megjelenítés</translation>
    </message>
    <message>
        <source>Reveal the contacts</source>
        <translation>Elérhetőségek megjelenítése</translation>
    </message>
    <message>
        <source>Show the full email addresses and phone numbers</source>
        <translation>Teljes e-mail-címek és telefonszámok megjelenítése</translation>
    </message>
    <message>
        <source>Linked records of this customer disagree</source>
        <translation>Az ügyfél összekapcsolt rekordjai eltérnek</translation>
    </message>
    <message>
        <source>Vendors that know this customer</source>
        <translation>Szolgáltatók, amelyeknél az ügyfél szerepel</translation>
    </message>
    <message>
        <source>Bookings, all vendors</source>
        <translation>Foglalások, minden szolgáltató</translation>
    </message>
    <message>
        <source>Show bookings from</source>
        <translation>Foglalások szűrése forrás szerint</translation>
    </message>
    <message>
        <source>All sources</source>
        <translation>Minden forrás</translation>
    </message>
    <message>
        <source>Show bookings with status</source>
        <translation>Foglalások szűrése állapot szerint</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Minden állapot</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>&amp;Forrás:</translation>
    </message>
    <message>
        <source>S&amp;tatus:</source>
        <translation>Álla&amp;pot:</translation>
    </message>
    <message>
        <source>Load older</source>
        <translation>Régebbiek betöltése</translation>
    </message>
    <message>
        <source>Load older bookings</source>
        <translation>Régebbi foglalások betöltése</translation>
    </message>
    <message>
        <source>Ask Booxi for two more years of booking history</source>
        <translation>További két év foglalási előzményeinek lekérése a Booxitól</translation>
    </message>
    <message>
        <source>Bookings timeline</source>
        <translation>Foglalások idővonala</translation>
    </message>
    <message>
        <source>Bookings from every vendor: upcoming first, soonest at the top</source>
        <translation>Foglalások minden szolgáltatótól: elöl a közelgők, a legközelebbi legfelül</translation>
    </message>
    <message>
        <source>Booking rows</source>
        <translation>Foglalások sorai</translation>
    </message>
    <message>
        <source>Booking columns</source>
        <translation>Foglalások oszlopai</translation>
    </message>
    <message>
        <source>Bookings and vendor sections</source>
        <translation>Foglalások és szolgáltatók adatai</translation>
    </message>
    <message>
        <source>One page for the bookings of every vendor, then one per vendor</source>
        <translation>Egy oldal az összes szolgáltató foglalásaival, majd szolgáltatónként egy-egy oldal</translation>
    </message>
    <message>
        <source>Profile pages</source>
        <translation>Az adatlap oldalai</translation>
    </message>
    <message>
        <source>Bookings, then each vendor&apos;s section; Alt and the underlined letter opens one</source>
        <translation>Foglalások, majd az egyes szolgáltatók adatai; az Alt és az aláhúzott betű megnyit egyet</translation>
    </message>
    <message>
        <source>Arrow keys scroll</source>
        <translation>Görgetés a nyílbillentyűkkel</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>Megnyitás…</translation>
    </message>
    <message>
        <source>This customer could not be read from the cache ({problem}).</source>
        <translation>Az ügyfél nem olvasható be a gép helyi adataiból ({problem}).</translation>
    </message>
    <message>
        <source>This customer is no longer in this store&apos;s records (they may have been merged or removed by the last sync). Search again.</source>
        <translation>Ez az ügyfél már nem szerepel az üzlet nyilvántartásában (lehet, hogy a legutóbbi szinkronizálás összevonta vagy törölte). Keressen újra.</translation>
    </message>
    <message>
        <source>Customer not shown</source>
        <translation>Az ügyfél nem jeleníthető meg</translation>
    </message>
    <message numerus="yes">
        <source>⚠ %Ln no-show(s) (all vendors)</source>
        <translation>
            <numerusform>⚠ %Ln alkalommal nem jelent meg (minden szolgáltató)</numerusform>
        </translation>
    </message>
    <message>
        <source>No-shows: none</source>
        <translation>Nem jelent meg: egyszer sem</translation>
    </message>
    <message>
        <source>Booxi history since {date}</source>
        <translation>Booxi-előzmények {date} óta</translation>
    </message>
    <message>
        <source>{points} · {problem}</source>
        <comment>points, then a problem</comment>
        <translation>{points} · {problem}</translation>
    </message>
    <message>
        <source>Loyalty (LOKE): {points}</source>
        <translation>Hűségprogram (LOKE): {points}</translation>
    </message>
    <message>
        <source>Qudini booking</source>
        <translation>Qudini-foglalás</translation>
    </message>
    <message>
        <source>Only this Qudini booking is known: it is not linked to a customer record of this store.</source>
        <translation>Csak ez a Qudini-foglalás ismert: nincs összekapcsolva az üzlet egyetlen ügyfélrekordjával sem.</translation>
    </message>
    <message>
        <source>(no name on file)</source>
        <translation>(nincs megadott név)</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>nincs megadva ok</translation>
    </message>
    <message>
        <source>⚠ BLACKLISTED — {reason}</source>
        <translation>⚠ TILTÓLISTÁN — {reason}</translation>
    </message>
    <message>
        <source>Blacklisted: {reason}</source>
        <translation>Tiltólistán: {reason}</translation>
    </message>
    <message>
        <source>Marketing: {consent}</source>
        <translation>Marketing: {consent}</translation>
    </message>
    <message>
        <source>⚠ Records differ — {details}</source>
        <translation>⚠ A rekordok eltérnek — {details}</translation>
    </message>
    <message>
        <source>Birthday: {date} — ★ birthday today</source>
        <translation>Születésnap: {date} — ★ ma van a születésnapja</translation>
    </message>
    <message>
        <source>Birthday: {date} — ★ birthday this week</source>
        <translation>Születésnap: {date} — ★ a héten van a születésnapja</translation>
    </message>
    <message>
        <source>Birthday: {date}</source>
        <translation>Születésnap: {date}</translation>
    </message>
    <message>
        <source>No email or phone on file</source>
        <translation>Nincs megadott e-mail-cím vagy telefonszám</translation>
    </message>
    <message>
        <source>Linked by: {reasons}</source>
        <translation>Összekapcsolás alapja: {reasons}</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Elrejtés</translation>
    </message>
    <message>
        <source>Hide the contacts</source>
        <translation>Elérhetőségek elrejtése</translation>
    </message>
    <message>
        <source>No customer with this name is saved on this PC. Search for them by email or phone to see their other records.</source>
        <translation>Ezen a gépen nincs mentett ügyfél ezzel a névvel. Keressen rá e-mail-cím vagy telefonszám alapján, hogy lássa a többi rekordját.</translation>
    </message>
    <message>
        <source>Possibly the same person (same name). Check with the customer, then link this booking to them:</source>
        <translation>Talán ugyanaz a személy (azonos név). Egyeztessen az ügyféllel, majd kapcsolja hozzá ezt a foglalást:</translation>
    </message>
    <message>
        <source>⚠ blacklisted</source>
        <translation>⚠ tiltólistán</translation>
    </message>
    <message>
        <source>Link to {customer}</source>
        <translation>Összekapcsolás: {customer}</translation>
    </message>
    <message>
        <source>Link this booking to {name}</source>
        <translation>Foglalás összekapcsolása ezzel az ügyféllel: {name}</translation>
    </message>
    <message>
        <source>Known to {vendor}</source>
        <translation>Szerepel itt: {vendor}</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>Pontok</translation>
    </message>
    <message>
        <source>Total spend</source>
        <translation>Összes költés</translation>
    </message>
    <message>
        <source>Last spend</source>
        <translation>Utolsó költés</translation>
    </message>
    <message>
        <source>Last earn</source>
        <translation>Utolsó pontgyűjtés</translation>
    </message>
    <message>
        <source>Last redeem</source>
        <translation>Utolsó pontbeváltás</translation>
    </message>
    <message>
        <source>Lists</source>
        <translation>Listák</translation>
    </message>
    <message>
        <source>none</source>
        <comment>no lists</comment>
        <translation>nincs</translation>
    </message>
    <message>
        <source>Walk-in placeholder record — not a real customer&apos;s profile</source>
        <translation>Ideiglenes rekord foglalás nélküli ügyfélhez — nem valódi ügyféladatlap</translation>
    </message>
    <message>
        <source>Times booked</source>
        <translation>Foglalások száma</translation>
    </message>
    <message>
        <source>Cancelled by customer</source>
        <translation>Az ügyfél lemondta</translation>
    </message>
    <message>
        <source>Upcoming</source>
        <translation>Közelgő</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Teljesült</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Megjegyzés</translation>
    </message>
    <message>
        <source>Reservations note</source>
        <translation>Megjegyzés (reservations)</translation>
    </message>
    <message>
        <source>Staff note from reservations (read-only here)</source>
        <translation>Munkatársi megjegyzés a reservations rendszerből (itt csak olvasható)</translation>
    </message>
    <message>
        <source>no note</source>
        <translation>nincs megjegyzés</translation>
    </message>
    <message>
        <source>Booking {reference}</source>
        <translation>Foglalás: {reference}</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Állapot</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Sor</translation>
    </message>
    <message>
        <source>Venue</source>
        <translation>Helyszín</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Szolgáltatás</translation>
    </message>
    <message>
        <source>Starts</source>
        <translation>Kezdés</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Nyelv</translation>
    </message>
    <message>
        <source>Group size</source>
        <translation>Létszám</translation>
    </message>
    <message>
        <source>Wait</source>
        <translation>Várakozás</translation>
    </message>
    <message numerus="yes">
        <source>about %Ln min</source>
        <comment>minutes left to wait</comment>
        <translation>
            <numerusform>kb. %Ln perc</numerusform>
        </translation>
    </message>
    <message>
        <source>Question {number}</source>
        <translation>Kérdés {number}</translation>
    </message>
    <message>
        <source>Answers</source>
        <translation>Válaszok</translation>
    </message>
    <message>
        <source>none</source>
        <comment>no answers</comment>
        <translation>nincs</translation>
    </message>
    <message>
        <source>Bookings found</source>
        <translation>Talált foglalások</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Időszak kezdete</translation>
    </message>
    <message>
        <source>Unreadable</source>
        <translation>Olvashatatlan</translation>
    </message>
    <message numerus="yes">
        <source>%Ln booking(s) could not be read</source>
        <translation>
            <numerusform>%Ln foglalás nem olvasható</numerusform>
        </translation>
    </message>
    <message>
        <source>Quick note</source>
        <translation>Gyors megjegyzés</translation>
    </message>
    <message>
        <source>Request {date}</source>
        <translation>Kérés ({date})</translation>
    </message>
    <message numerus="yes">
        <source>%Ln booking(s)</source>
        <translation>
            <numerusform>%Ln foglalás</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{shown} of %Ln booking(s) shown</source>
        <translation>
            <numerusform>{shown} látható, összesen %Ln foglalás</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProfileText</name>
    <message>
        <source>never</source>
        <comment>no date for this</comment>
        <translation>soha</translation>
    </message>
    <message>
        <source>no date</source>
        <translation>nincs dátum</translation>
    </message>
    <message>
        <source>no data saved</source>
        <translation>nincs mentett adat</translation>
    </message>
    <message>
        <source>as of {when}</source>
        <translation>frissítve: {when}</translation>
    </message>
    <message>
        <source>{n}st</source>
        <comment>ordinal, CLDR category one: 1st, 21st (French 1er)</comment>
        <translation>{n}.</translation>
    </message>
    <message>
        <source>{n}nd</source>
        <comment>ordinal, CLDR category two: 2nd, 22nd</comment>
        <translation>{n}.</translation>
    </message>
    <message>
        <source>{n}rd</source>
        <comment>ordinal, CLDR category few: 3rd, 23rd</comment>
        <translation>{n}.</translation>
    </message>
    <message>
        <source>{n}th</source>
        <comment>ordinal, CLDR category other: 4th, 11th (French 2e)</comment>
        <translation>{n}.</translation>
    </message>
    <message>
        <source>{place} of {length}</source>
        <comment>a place in a queue: 3rd of 8</comment>
        <translation>{length} közül {place}</translation>
    </message>
    <message>
        <source>{queue}, {place}</source>
        <comment>a queue&apos;s name and a place in it</comment>
        <translation>{queue}, {place}</translation>
    </message>
    <message>
        <source>Not found in {vendor}</source>
        <translation>Nem található itt: {vendor}</translation>
    </message>
    <message>
        <source>This store does not use {vendor}</source>
        <translation>Ez az üzlet nem használ {vendor} szolgáltatást</translation>
    </message>
    <message>
        <source>nothing to look {vendor} up by</source>
        <translation>nincs mi alapján keresni ({vendor})</translation>
    </message>
    <message>
        <source>Not fetched yet</source>
        <translation>Még nincs lekérve</translation>
    </message>
    <message>
        <source>⚠ {vendor} unreachable</source>
        <translation>⚠ {vendor} nem érhető el</translation>
    </message>
    <message>
        <source>{vendor} refused the request</source>
        <translation>{vendor}: a kérés elutasítva</translation>
    </message>
    <message>
        <source>{vendor}: {message}</source>
        <comment>a vendor&apos;s name and what it said</comment>
        <translation>{vendor}: {message}</translation>
    </message>
</context>
<context>
    <name>QueueActions</name>
    <message>
        <source>Call next on this line</source>
        <translation>Következő behívása ebből a sorból</translation>
    </message>
    <message>
        <source>Call this ticket</source>
        <translation>A sorszám behívása</translation>
    </message>
    <message>
        <source>Recall (call again)</source>
        <translation>Újrahívás (ismételt behívás)</translation>
    </message>
    <message>
        <source>Mark served</source>
        <translation>Jelölés: kiszolgálva</translation>
    </message>
    <message>
        <source>Mark no-show</source>
        <translation>Jelölés: nem jelent meg</translation>
    </message>
    <message>
        <source>Return to queue</source>
        <translation>Vissza a sorba</translation>
    </message>
    <message>
        <source>Cancel (remove from queue)</source>
        <translation>Törlés (kivétel a sorból)</translation>
    </message>
</context>
<context>
    <name>QueueAlerts</name>
    <message>
        <source>Clientdesk — queue alerts</source>
        <translation>Clientdesk — figyelmeztetések a sorból</translation>
    </message>
    <message>
        <source>That ticket is no longer in the queue.</source>
        <translation>Ez a sorszám már nincs a sorban.</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <source>Calling…</source>
        <translation>Behívás…</translation>
    </message>
    <message>
        <source>Recalling…</source>
        <translation>Újrahívás…</translation>
    </message>
    <message>
        <source>Serving…</source>
        <translation>Kiszolgálás rögzítése…</translation>
    </message>
    <message>
        <source>Marking no-show…</source>
        <translation>Meg nem jelenés rögzítése…</translation>
    </message>
    <message>
        <source>Returning…</source>
        <translation>Visszahelyezés a sorba…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Törlés…</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Küldés…</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Név</translation>
    </message>
    <message>
        <source>Waited</source>
        <translation>Várakozás</translation>
    </message>
    <message>
        <source>Saved customer (this PC only)</source>
        <translation>Mentett ügyfél (csak ezen a gépen)</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Címkék</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Forrás</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Részletek</translation>
    </message>
    <message>
        <source>Place in line, or status</source>
        <translation>Hely a sorban vagy állapot</translation>
    </message>
    <message>
        <source>{name}, {warning}</source>
        <comment>a blacklisted visitor&apos;s name</comment>
        <translation>{name}, {warning}</translation>
    </message>
    <message>
        <source>, </source>
        <comment>between labels</comment>
        <translation>, </translation>
    </message>
    <message>
        <source>No saved customer has this ticket&apos;s phone, email or name.</source>
        <translation>Nincs mentett ügyfél ennek a sorszámnak a telefonszámával, e-mail-címével vagy nevével.</translation>
    </message>
    <message>
        <source>{customer} — Enter opens the profile</source>
        <translation>{customer} — Enter: adatlap megnyitása</translation>
    </message>
    <message>
        <source>Waited {wait} before being called</source>
        <translation>Várakozás a behívásig: {wait}</translation>
    </message>
    <message>
        <source>{wait} since the ticket was made</source>
        <translation>{wait} a sorszám kiadása óta</translation>
    </message>
    <message>
        <source>Waiting {wait} — longer than {limit}</source>
        <translation>Várakozik: {wait} — hosszabb, mint {limit}</translation>
    </message>
    <message>
        <source>Waiting {wait}</source>
        <translation>Várakozik: {wait}</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <source>Call next</source>
        <translation>Következő behívása</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Behívás</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>Újrahívás</translation>
    </message>
    <message>
        <source>Served</source>
        <translation>Kiszolgálva</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>Nem jelent meg</translation>
    </message>
    <message>
        <source>Return to queue</source>
        <translation>Vissza a sorba</translation>
    </message>
    <message>
        <source>Cancel ticket</source>
        <translation>Sorszám törlése</translation>
    </message>
    <message>
        <source>Could not call next on {who}: {reason}</source>
        <translation>A következő behívása nem sikerült ({who}): {reason}</translation>
    </message>
    <message>
        <source>Could not call {who}: {reason}</source>
        <translation>{who} behívása nem sikerült: {reason}</translation>
    </message>
    <message>
        <source>Could not recall {who}: {reason}</source>
        <translation>{who} újrahívása nem sikerült: {reason}</translation>
    </message>
    <message>
        <source>Could not mark served {who}: {reason}</source>
        <translation>Nem sikerült kiszolgáltnak jelölni ({who}): {reason}</translation>
    </message>
    <message>
        <source>Could not mark as a no-show {who}: {reason}</source>
        <translation>Nem sikerült rögzíteni, hogy nem jelent meg ({who}): {reason}</translation>
    </message>
    <message>
        <source>Could not return to the queue {who}: {reason}</source>
        <translation>{who} visszahelyezése a sorba nem sikerült: {reason}</translation>
    </message>
    <message>
        <source>Could not cancel the ticket of {who}: {reason}</source>
        <translation>A sorszám törlése nem sikerült ({who}): {reason}</translation>
    </message>
    <message>
        <source>Called {who}.</source>
        <translation>Behívva: {who}.</translation>
    </message>
    <message>
        <source>Called {who} again.</source>
        <translation>Újra behívva: {who}.</translation>
    </message>
    <message>
        <source>{who}: marked served.</source>
        <translation>{who}: kiszolgálva.</translation>
    </message>
    <message>
        <source>{who}: marked as a no-show.</source>
        <translation>{who}: rögzítve, hogy nem jelent meg.</translation>
    </message>
    <message>
        <source>{who}: back at the end of the queue.</source>
        <translation>{who}: visszakerült a sor végére.</translation>
    </message>
    <message>
        <source>{who}: removed from the queue.</source>
        <translation>{who}: törölve a sorból.</translation>
    </message>
    <message>
        <source>Yes, mark no-show</source>
        <translation>Igen, nem jelent meg</translation>
    </message>
    <message>
        <source>Yes, cancel the ticket</source>
        <translation>Igen, törlöm a sorszámot</translation>
    </message>
    <message>
        <source>Connecting to Qminder</source>
        <translation>Csatlakozás a Qminderhez</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Élő</translation>
    </message>
    <message>
        <source>Reconnecting</source>
        <translation>Újracsatlakozás</translation>
    </message>
    <message>
        <source>Polling</source>
        <translation>Lekérdezés</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Leállítva</translation>
    </message>
    <message>
        <source>No queue</source>
        <translation>Nincs sor</translation>
    </message>
    <message>
        <source>queue as of {time}</source>
        <translation>a sor állapota: {time}</translation>
    </message>
    <message>
        <source>no queue loaded yet</source>
        <translation>még nincs betöltött sor</translation>
    </message>
    <message>
        <source>{state} — changes appear as they happen</source>
        <translation>{state} — a változások azonnal megjelennek</translation>
    </message>
    <message>
        <source>{state} every {seconds} s (live updates unavailable) — {as_of}</source>
        <translation>{state} {seconds} másodpercenként (élő frissítés nem érhető el) — {as_of}</translation>
    </message>
    <message>
        <source>{state} — {as_of}</source>
        <translation>{state} — {as_of}</translation>
    </message>
    <message>
        <source>{state}: {why}</source>
        <translation>{state}: {why}</translation>
    </message>
    <message>
        <source>{name}: an action is still on its way to Qminder.</source>
        <translation>{name}: egy művelet még úton van a Qminder felé.</translation>
    </message>
    <message>
        <source>{name} is not waiting ({status}): only a waiting ticket can be called.</source>
        <translation>{name} nem várakozik ({status}): csak várakozó sorszám hívható be.</translation>
    </message>
    <message>
        <source>{name} has not been called yet: “{action}” needs a called ticket.</source>
        <translation>{name} még nincs behívva: “{action}” csak behívott sorszámmal lehetséges.</translation>
    </message>
    <message>
        <source>{name} is {status}: it cannot be cancelled here.</source>
        <translation>{name} állapota: {status}, így itt nem törölhető.</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Várósor</translation>
    </message>
    <message>
        <source>Who is waiting on each line, the selected ticket, and the queue&apos;s actions</source>
        <translation>Ki várakozik az egyes sorokban, a kijelölt sorszám és a sor műveletei</translation>
    </message>
    <message>
        <source>Whether the queue is live, and how fresh</source>
        <translation>Élő-e a sor, és mennyire friss</translation>
    </message>
    <message>
        <source>The outcome of the last queue action</source>
        <translation>Az utolsó sorművelet eredménye</translation>
    </message>
    <message>
        <source>Question before a queue action</source>
        <translation>Kérdés sorművelet előtt</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Igen</translation>
    </message>
    <message>
        <source>Key {key}</source>
        <translation>Billentyű: {key}</translation>
    </message>
    <message>
        <source>No, keep it  (Enter / Esc)</source>
        <translation>Nem, megtartom  (Enter / Esc)</translation>
    </message>
    <message>
        <source>No, keep the ticket</source>
        <translation>Nem, megtartom a sorszámot</translation>
    </message>
    <message>
        <source>Enter or Esc; the default</source>
        <translation>Enter vagy Esc; alapértelmezett</translation>
    </message>
    <message>
        <source>{action}  ({key})</source>
        <comment>a queue button and its key</comment>
        <translation>{action}  ({key})</translation>
    </message>
    <message>
        <source>Add walk-in…  ({key})</source>
        <translation>Ügyfél hozzáadása…  ({key})</translation>
    </message>
    <message>
        <source>Add a walk-in</source>
        <translation>Foglalás nélküli ügyfél hozzáadása</translation>
    </message>
    <message>
        <source>Put a visitor in a line; key {key}</source>
        <translation>Ügyfél beállítása egy sorba; billentyű: {key}</translation>
    </message>
    <message>
        <source>Put a visitor in a line — key {key}</source>
        <translation>Ügyfél beállítása egy sorba — billentyű: {key}</translation>
    </message>
    <message>
        <source>Tickets in the queue</source>
        <translation>Sorszámok a sorban</translation>
    </message>
    <message>
        <source>Tickets per line: being served first, then waiting in order. Enter opens the matched customer&apos;s profile.</source>
        <translation>Sorszámok soronként: előbb a kiszolgálás alatt állók, majd a várakozók sorrendben. Az Enter megnyitja az egyező ügyfél adatlapját.</translation>
    </message>
    <message>
        <source>Queue columns</source>
        <translation>A sor oszlopai</translation>
    </message>
    <message>
        <source>Selected ticket</source>
        <translation>Kijelölt sorszám</translation>
    </message>
    <message>
        <source>Key {key}; asks first</source>
        <translation>Billentyű: {key}; előbb rákérdez</translation>
    </message>
    <message>
        <source>{action} — key {key} (asks first)</source>
        <translation>{action} — billentyű: {key} (előbb rákérdez)</translation>
    </message>
    <message>
        <source>{action} — key {key}</source>
        <translation>{action} — billentyű: {key}</translation>
    </message>
    <message>
        <source>{name} left the queue meanwhile; nothing was done.</source>
        <translation>{name} közben kikerült a sorból; nem történt semmi.</translation>
    </message>
    <message>
        <source>{name} is not a saved customer on this PC: there is no profile to open.</source>
        <translation>{name} nem mentett ügyfél ezen a gépen: nincs megnyitható adatlap.</translation>
    </message>
    <message>
        <source>Saved customers are not available in this window.</source>
        <translation>A mentett ügyfelek ebben az ablakban nem érhetők el.</translation>
    </message>
    <message>
        <source>Still looking for {name} among the saved customers…</source>
        <translation>Keresés a mentett ügyfelek között: {name}…</translation>
    </message>
    <message>
        <source>{sign} No queue: {why}</source>
        <translation>{sign} Nincs sor: {why}</translation>
    </message>
    <message>
        <source>The queue is still loading.</source>
        <translation>A sor még töltődik.</translation>
    </message>
    <message>
        <source>Select a ticket on the line to call next from.</source>
        <translation>Jelöljön ki egy sorszámot abban a sorban, ahonnan a következőt behívja.</translation>
    </message>
    <message>
        <source>the next visitor</source>
        <translation>a következő ügyfél</translation>
    </message>
    <message>
        <source>Select a ticket in the queue first (arrow keys or a click).</source>
        <translation>Előbb jelöljön ki egy sorszámot a sorban (nyílbillentyűkkel vagy kattintással).</translation>
    </message>
    <message>
        <source>line {id}</source>
        <translation>sor {id}</translation>
    </message>
    <message>
        <source>{action}: {name}? Qminder cannot undo this.</source>
        <translation>{action}: {name}? Ezt a Qminder nem tudja visszavonni.</translation>
    </message>
    <message>
        <source>{answer}  ({key})</source>
        <comment>a yes button and its key</comment>
        <translation>{answer}  ({key})</translation>
    </message>
    <message>
        <source>Nothing was done.</source>
        <translation>Nem történt semmi.</translation>
    </message>
    <message>
        <source>{sign} A walk-in cannot be added: {why}</source>
        <translation>{sign} Foglalás nélküli ügyfél nem vehető fel: {why}</translation>
    </message>
    <message>
        <source>the queue is not connected yet.</source>
        <translation>a sor még nem csatlakozott.</translation>
    </message>
    <message>
        <source>Added {name} to {line}. (Qminder&apos;s answer was lost; the ticket was found in the queue.)</source>
        <translation>{name} bekerült a sorba: {line}. (A Qminder válasza elveszett; a sorszám megvan a sorban.)</translation>
    </message>
    <message>
        <source>Added {name} to {line}.</source>
        <translation>{name} bekerült a sorba: {line}.</translation>
    </message>
</context>
<context>
    <name>QueueText</name>
    <message>
        <source>&lt;1 min</source>
        <translation>&lt;1 perc</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} perc</translation>
    </message>
    <message>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} ó {minutes} perc</translation>
    </message>
    <message>
        <source>{title}: {value}</source>
        <comment>an extra field of a ticket</comment>
        <translation>{title}: {value}</translation>
    </message>
    <message>
        <source>1 no-show</source>
        <translation>1 alkalommal nem jelent meg</translation>
    </message>
    <message numerus="yes">
        <source>%Ln no-shows</source>
        <translation>
            <numerusform>%Ln alkalommal nem jelent meg</numerusform>
        </translation>
    </message>
    <message>
        <source>same phone</source>
        <translation>azonos telefonszám</translation>
    </message>
    <message>
        <source>same email</source>
        <translation>azonos e-mail</translation>
    </message>
    <message>
        <source>same {how}</source>
        <translation>azonos {how}</translation>
    </message>
    <message>
        <source>possible match (same name only)</source>
        <translation>lehetséges egyezés (csak a név azonos)</translation>
    </message>
    <message>
        <source>{how}: {name}</source>
        <comment>same phone: Zoë Nguyễn</comment>
        <translation>{how}: {name}</translation>
    </message>
    <message>
        <source>BLACKLISTED: {reason}</source>
        <translation>TILTÓLISTÁN: {reason}</translation>
    </message>
    <message>
        <source>BLACKLISTED if this is them (same name only): {reason}</source>
        <translation>TILTÓLISTÁN, ha valóban ő az (csak a név azonos): {reason}</translation>
    </message>
    <message>
        <source>nobody waiting</source>
        <translation>senki sem vár</translation>
    </message>
    <message numerus="yes">
        <source>%Ln waiting</source>
        <translation>
            <numerusform>%Ln várakozik</numerusform>
        </translation>
    </message>
    <message>
        <source>{waiting}, {served}</source>
        <comment>7 waiting, 2 being served</comment>
        <translation>{waiting}, {served}</translation>
    </message>
    <message numerus="yes">
        <source>%Ln being served</source>
        <translation>
            <numerusform>%Ln kiszolgálás alatt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>nobody waiting, %Ln being served</source>
        <translation>
            <numerusform>senki sem vár, %Ln kiszolgálás alatt</numerusform>
        </translation>
    </message>
    <message>
        <source>longest {wait}</source>
        <comment>the longest wait on a line</comment>
        <translation>leghosszabb várakozás: {wait}</translation>
    </message>
    <message numerus="yes">
        <source>average wait today {wait} (%Ln called)</source>
        <translation>
            <numerusform>mai átlagos várakozás: {wait} (%Ln behívva)</numerusform>
        </translation>
    </message>
    <message>
        <source>average wait today: nobody called yet</source>
        <translation>mai átlagos várakozás: még senkit sem hívtak be</translation>
    </message>
    <message>
        <source>line {id}</source>
        <translation>sor {id}</translation>
    </message>
    <message>
        <source>{line} (disabled) — {stats}</source>
        <comment>a line switched off in Qminder</comment>
        <translation>{line} (kikapcsolva) — {stats}</translation>
    </message>
    <message>
        <source>{line} — {stats}</source>
        <translation>{line} — {stats}</translation>
    </message>
    <message>
        <source>On the blacklist: {reason}</source>
        <translation>Tiltólistán: {reason}</translation>
    </message>
    <message>
        <source>Possibly on the blacklist (same name only): {reason}</source>
        <translation>Lehet, hogy tiltólistán van (csak a név azonos): {reason}</translation>
    </message>
    <message>
        <source>no line</source>
        <comment>a ticket that is on no queue line</comment>
        <translation>nincs sor</translation>
    </message>
    <message>
        <source>{name} ({line}): {reason}</source>
        <comment>an alert: Priya (Returns): VIP</comment>
        <translation>{name} ({line}): {reason}</translation>
    </message>
    <message>
        <source>{name} is in the queue</source>
        <translation>{name} a sorban van</translation>
    </message>
    <message numerus="yes">
        <source>%Ln tickets to notice in the queue</source>
        <translation>
            <numerusform>%Ln figyelendő sorszám a sorban</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %Ln more — see the queue</source>
        <comment>alerts beyond the ones listed</comment>
        <translation>
            <numerusform>és még %Ln — lásd a sort</numerusform>
        </translation>
    </message>
    <message>
        <source>{reason} — {line}</source>
        <comment>an alert&apos;s reason and its line: VIP — Returns</comment>
        <translation>{reason} — {line}</translation>
    </message>
</context>
<context>
    <name>QueueWords</name>
    <message>
        <source>(no name)</source>
        <translation>(nincs név)</translation>
    </message>
    <message>
        <source>(no reason given)</source>
        <translation>(nincs megadva ok)</translation>
    </message>
    <message>
        <source>(no status)</source>
        <translation>(nincs állapot)</translation>
    </message>
    <message>
        <source>(field)</source>
        <translation>(mező)</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>várakozik</translation>
    </message>
    <message>
        <source>called</source>
        <translation>behívva</translation>
    </message>
    <message>
        <source>scheduled</source>
        <translation>ütemezve</translation>
    </message>
    <message>
        <source>Added by staff</source>
        <translation>Munkatárs vette fel</translation>
    </message>
    <message>
        <source>Self sign-in</source>
        <translation>Önkiszolgáló regisztráció</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>Printed ticket</source>
        <translation>Nyomtatott sorszám</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <source>No customers saved on this computer yet. They appear here as soon as the first sync finishes.</source>
        <translation>Ezen a gépen még nincs mentett ügyfél. Az első szinkronizálás végeztével itt jelennek meg.</translation>
    </message>
    <message>
        <source>All customers, most recent first. Type a name, email or phone number to search.</source>
        <translation>Az összes ügyfél, a legújabbak elöl. Kereséshez írjon be nevet, e-mail-címet vagy telefonszámot.</translation>
    </message>
    <message>
        <source>No customer matches “{query}”. Try part of the name, the email or the last digits of the phone number.</source>
        <translation>Nincs találat erre: “{query}”. Próbálja a név egy részével, az e-mail-címmel vagy a telefonszám utolsó számjegyeivel.</translation>
    </message>
    <message numerus="yes">
        <source>{count} customers match “{query}”</source>
        <comment>more than shown: {count} ends in a plus sign, as in 100+</comment>
        <translation>
            <numerusform>{count} ügyfél felel meg ennek: “{query}”</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{count} customer(s) match “{query}”</source>
        <translation>
            <numerusform>{count} ügyfél felel meg ennek: “{query}”</numerusform>
        </translation>
    </message>
    <message>
        <source>Customer search</source>
        <translation>Ügyfélkeresés</translation>
    </message>
    <message>
        <source>Search customers</source>
        <translation>Ügyfelek keresése</translation>
    </message>
    <message>
        <source>Find a customer by any part of the name, email or phone number; the arrow keys move in the results and Enter opens the highlighted one ({key})</source>
        <translation>Ügyfél keresése a név, az e-mail-cím vagy a telefonszám bármely részével; a nyílbillentyűkkel lehet lépkedni a találatok között, az Enter megnyitja a kiemeltet ({key})</translation>
    </message>
    <message>
        <source>Find a customer: name, email or phone number   ({key})</source>
        <translation>Ügyfél keresése: név, e-mail vagy telefonszám   ({key})</translation>
    </message>
    <message>
        <source>Loading customers…</source>
        <translation>Ügyfelek betöltése…</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Találatok</translation>
    </message>
    <message>
        <source>Matching customers; Enter opens the highlighted one</source>
        <translation>Egyező ügyfelek; az Enter megnyitja a kiemeltet</translation>
    </message>
</context>
<context>
    <name>SearchResultsModel</name>
    <message>
        <source>⚠ Blacklisted</source>
        <translation>⚠ Tiltólistán</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Név</translation>
    </message>
    <message>
        <source>Blacklist</source>
        <translation>Tiltólista</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>Pontok</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Forrás</translation>
    </message>
    <message>
        <source>{first} (+{more})</source>
        <translation>{first} (+{more})</translation>
    </message>
    <message>
        <source>no email</source>
        <translation>nincs e-mail</translation>
    </message>
    <message>
        <source>no phone</source>
        <translation>nincs telefon</translation>
    </message>
    <message>
        <source>not blacklisted</source>
        <translation>nincs tiltólistán</translation>
    </message>
    <message>
        <source>On a vendor&apos;s blacklist: check before serving</source>
        <translation>Egy szolgáltató tiltólistáján szerepel: kiszolgálás előtt ellenőrizze</translation>
    </message>
    <message>
        <source>no name on file</source>
        <translation>nincs megadott név</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(nincs név)</translation>
    </message>
    <message>
        <source>no loyalty points</source>
        <translation>nincs hűségpont</translation>
    </message>
    <message numerus="yes">
        <source>{count} loyalty point(s)</source>
        <translation>
            <numerusform>{count} hűségpont</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SectionBox</name>
    <message>
        <source>Loyalty (LOKE)</source>
        <translation>Hűségprogram (LOKE)</translation>
    </message>
    <message>
        <source>Reservations</source>
        <translation>Foglalások (reservations)</translation>
    </message>
    <message>
        <source>Qudini booking</source>
        <translation>Qudini-foglalás</translation>
    </message>
    <message>
        <source>Booxi</source>
        <translation>Booxi</translation>
    </message>
    <message>
        <source>{section} section</source>
        <translation>{section} szakasz</translation>
    </message>
    <message>
        <source>What {vendor} knows about this customer</source>
        <translation>{vendor}: adatok erről az ügyfélről</translation>
    </message>
    <message>
        <source>{vendor} refreshing</source>
        <translation>{vendor}: frissítés folyamatban</translation>
    </message>
    <message>
        <source>{status} · refreshing…</source>
        <translation>{status} · frissítés…</translation>
    </message>
    <message>
        <source>refreshing…</source>
        <translation>frissítés…</translation>
    </message>
</context>
<context>
    <name>Splash</name>
    <message>
        <source>Starting…</source>
        <translation>Indítás…</translation>
    </message>
    <message>
        <source>Clientdesk is starting</source>
        <translation>A Clientdesk indul</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <source>just now</source>
        <translation>az imént</translation>
    </message>
    <message numerus="yes">
        <source>{count} min ago</source>
        <translation>
            <numerusform>{count} perce</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{count} h ago</source>
        <translation>
            <numerusform>{count} órája</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{count} day(s) ago</source>
        <translation>
            <numerusform>{count} napja</numerusform>
        </translation>
    </message>
    <message>
        <source>{vendor}: not synced yet</source>
        <translation>{vendor}: még nincs szinkronizálva</translation>
    </message>
    <message>
        <source>⚠ {vendor}: offline since {time}</source>
        <translation>⚠ {vendor}: offline {time} óta</translation>
    </message>
    <message>
        <source>⚠ {vendor}: sync failed</source>
        <translation>⚠ {vendor}: sikertelen szinkronizálás</translation>
    </message>
    <message>
        <source>⚠ {vendor}: {ago}, last try failed</source>
        <translation>⚠ {vendor}: {ago}, az utolsó próbálkozás sikertelen</translation>
    </message>
    <message>
        <source>{vendor}: {ago}</source>
        <comment>how fresh: LOKE: 2 min ago</comment>
        <translation>{vendor}: {ago}</translation>
    </message>
    <message>
        <source>{vendor}: starting…</source>
        <translation>{vendor}: indítás…</translation>
    </message>
    <message>
        <source>{vendor}: tidying up…</source>
        <translation>{vendor}: takarítás…</translation>
    </message>
    <message numerus="yes">
        <source>{vendor}: {count} customer(s)</source>
        <translation>
            <numerusform>{vendor}: {count} ügyfél</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{vendor}: {count} of {total} customer(s)</source>
        <comment>plural by the total</comment>
        <translation>
            <numerusform>{vendor}: {count}/{total} ügyfél</numerusform>
        </translation>
    </message>
    <message>
        <source>{vendor}: {reason}</source>
        <comment>a vendor&apos;s message: LOKE: refused</comment>
        <translation>{vendor}: {reason}</translation>
    </message>
    <message>
        <source>sync failed</source>
        <translation>sikertelen szinkronizálás</translation>
    </message>
    <message>
        <source>⚠ {reason} — showing saved data</source>
        <translation>⚠ {reason} — a mentett adatok látszanak</translation>
    </message>
</context>
<context>
    <name>SyncStatusBar</name>
    <message>
        <source>Sync status</source>
        <translation>Szinkronizálás állapota</translation>
    </message>
    <message>
        <source>Sync progress, how fresh each vendor&apos;s data is, errors</source>
        <translation>Szinkronizálás előrehaladása, az egyes szolgáltatók adatainak frissessége, hibák</translation>
    </message>
    <message>
        <source>Sync problems</source>
        <translation>Szinkronizálási hibák</translation>
    </message>
    <message>
        <source>Sync under way</source>
        <translation>Szinkronizálás folyamatban</translation>
    </message>
    <message>
        <source>Sync progress</source>
        <translation>Szinkronizálás előrehaladása</translation>
    </message>
    <message>
        <source>How fresh each vendor&apos;s data is</source>
        <translation>Az egyes szolgáltatók adatainak frissessége</translation>
    </message>
    <message>
        <source>Syncing {progress}</source>
        <translation>Szinkronizálás — {progress}</translation>
    </message>
</context>
<context>
    <name>TicketCard</name>
    <message>
        <source>Known: 1 earlier visit, last on {date}</source>
        <translation>Ismert ügyfél: 1 korábbi látogatás, utoljára: {date}</translation>
    </message>
    <message numerus="yes">
        <source>Known: %Ln earlier visits, last on {date}</source>
        <translation>
            <numerusform>Ismert ügyfél: %Ln korábbi látogatás, utoljára: {date}</numerusform>
        </translation>
    </message>
    <message>
        <source>Known customer</source>
        <translation>Ismert ügyfél</translation>
    </message>
    <message>
        <source>no-shows unknown until their profile is opened</source>
        <translation>a meg nem jelenések az adatlap megnyitásáig nem ismertek</translation>
    </message>
    <message>
        <source>Saved customers are not available in this window.</source>
        <translation>A mentett ügyfelek ebben az ablakban nem érhetők el.</translation>
    </message>
    <message>
        <source>Looking for this person among the saved customers…</source>
        <translation>A személy keresése a mentett ügyfelek között…</translation>
    </message>
    <message>
        <source>Not a saved customer on this PC (no phone, email or name matches).</source>
        <translation>Nem mentett ügyfél ezen a gépen (nincs egyező telefonszám, e-mail-cím vagy név).</translation>
    </message>
    <message>
        <source>{match} — check with the customer before relying on it.</source>
        <translation>{match} — mielőtt erre hagyatkozna, ellenőrizze az ügyféllel.</translation>
    </message>
    <message>
        <source>sending to Qminder…</source>
        <translation>küldés a Qmindernek…</translation>
    </message>
    <message>
        <source>place {place} in line</source>
        <translation>{place}. a sorban</translation>
    </message>
    <message>
        <source>waiting {wait}</source>
        <translation>várakozás: {wait}</translation>
    </message>
    <message>
        <source>called at {time} after {wait}</source>
        <translation>behívva: {time}, {wait} várakozás után</translation>
    </message>
    <message>
        <source>called after {wait}</source>
        <translation>behívva {wait} várakozás után</translation>
    </message>
    <message>
        <source>status {status} (as Qminder says)</source>
        <translation>állapot: {status} (a Qminder szerint)</translation>
    </message>
    <message>
        <source>Details of the selected ticket</source>
        <translation>A kijelölt sorszám adatai</translation>
    </message>
    <message>
        <source>Everything about the ticket selected in the queue, and who it may be</source>
        <translation>Minden a sorban kijelölt sorszámról, és hogy ki lehet az ügyfél</translation>
    </message>
    <message>
        <source>Private: shown on this screen only, never sent to Qminder</source>
        <translation>Bizalmas: csak ezen a képernyőn látszik, a Qminderhez soha nem kerül</translation>
    </message>
    <message>
        <source>Extra fields of the ticket</source>
        <translation>A sorszám további mezői</translation>
    </message>
    <message>
        <source>No ticket selected</source>
        <translation>Nincs kijelölt sorszám</translation>
    </message>
    <message>
        <source>Select a ticket (arrow keys or a click) to see who it is and act on it.</source>
        <translation>Jelöljön ki egy sorszámot (nyílbillentyűkkel vagy kattintással), hogy lássa, ki az, és intézkedhessen.</translation>
    </message>
    <message>
        <source>Enter opens their profile.</source>
        <translation>Az Enter megnyitja az adatlapját.</translation>
    </message>
    <message>
        <source>{title}:</source>
        <comment>an extra field&apos;s caption</comment>
        <translation>{title}:</translation>
    </message>
    <message>
        <source>Ticket {number}</source>
        <translation>Sorszám: {number}</translation>
    </message>
    <message>
        <source>Qminder id {id}</source>
        <translation>Qminder-azonosító: {id}</translation>
    </message>
</context>
<context>
    <name>TimelineModel</name>
    <message>
        <source>Upcoming</source>
        <translation>Közelgő</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Teljesítve</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Lemondva</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>Nem jelent meg</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Ismeretlen</translation>
    </message>
    <message>
        <source>When (store time)</source>
        <translation>Mikor (üzleti idő szerint)</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Szolgáltatás</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Munkatárs</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Állapot</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Ár</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Forrás</translation>
    </message>
    <message>
        <source>no date</source>
        <translation>nincs dátum</translation>
    </message>
    <message>
        <source>? unknown</source>
        <comment>a status nobody gave</comment>
        <translation>? ismeretlen</translation>
    </message>
    <message>
        <source>status not recognised; {vendor} says {status}</source>
        <translation>ismeretlen állapot; {vendor} szerint: {status}</translation>
    </message>
    <message>
        <source>from {vendor}</source>
        <comment>where a booking came from</comment>
        <translation>forrás: {vendor}</translation>
    </message>
    <message>
        <source>no service</source>
        <translation>nincs szolgáltatás</translation>
    </message>
    <message>
        <source>no staff</source>
        <translation>nincs munkatárs</translation>
    </message>
    <message>
        <source>no price</source>
        <translation>nincs ár</translation>
    </message>
    <message>
        <source>{vendor} calls this booking “{status}”, which Clientdesk does not recognise</source>
        <translation>{vendor} szerint a foglalás állapota “{status}”, ezt a Clientdesk nem ismeri</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>üres</translation>
    </message>
    <message>
        <source>{vendor} gave no date for this booking</source>
        <translation>{vendor} nem adott meg dátumot ehhez a foglaláshoz</translation>
    </message>
</context>
<context>
    <name>VendorStatusModel</name>
    <message>
        <source>Vendor</source>
        <translation>Szolgáltató</translation>
    </message>
    <message>
        <source>Secret</source>
        <translation>Titkos kulcs</translation>
    </message>
    <message>
        <source>Reachable</source>
        <translation>Elérhető</translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation>Bejelentkezve</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Késleltetés</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Eredmény</translation>
    </message>
    <message>
        <source>✔ yes</source>
        <translation>✔ igen</translation>
    </message>
    <message>
        <source>✘ no</source>
        <translation>✘ nem</translation>
    </message>
    <message>
        <source>✔ OK — {message}</source>
        <translation>✔ OK — {message}</translation>
    </message>
    <message>
        <source>✘ failed — {message}</source>
        <translation>✘ sikertelen — {message}</translation>
    </message>
    <message>
        <source>{count} ms</source>
        <translation>{count} ms</translation>
    </message>
    <message>
        <source>checking…</source>
        <translation>ellenőrzés…</translation>
    </message>
    <message>
        <source>not needed</source>
        <translation>nem szükséges</translation>
    </message>
</context>
<context>
    <name>VendorsPanel</name>
    <message>
        <source>Vendor connections</source>
        <translation>Szolgáltatói kapcsolatok</translation>
    </message>
    <message>
        <source>One row per vendor: its secret, whether it answers, sign-in, latency and the result</source>
        <translation>Szolgáltatónként egy sor: titkos kulcs, válaszol-e, bejelentkezés, válaszidő és eredmény</translation>
    </message>
    <message>
        <source>Check again ({key})</source>
        <translation>Újraellenőrzés ({key})</translation>
    </message>
    <message>
        <source>Check vendors again</source>
        <translation>Szolgáltatók újraellenőrzése</translation>
    </message>
    <message>
        <source>Runs the connection checks for every vendor again ({key})</source>
        <translation>Újra lefuttatja a kapcsolatellenőrzést minden szolgáltatónál ({key})</translation>
    </message>
    <message>
        <source>checking…</source>
        <translation>ellenőrzés…</translation>
    </message>
    <message>
        <source>Credentials: {where}</source>
        <translation>Hitelesítő adatok: {where}</translation>
    </message>
    <message>
        <source>checked at {time}</source>
        <translation>ellenőrizve: {time}</translation>
    </message>
</context>
<context>
    <name>WalkInBox</name>
    <message>
        <source>Walk-in details not sent: the record changed on {vendor} since you began. Nothing was overwritten — choose which version to keep.</source>
        <translation>A foglalás nélküli ügyfél adatai nincsenek elküldve: a rekord közben megváltozott ({vendor}). Semmi sem lett felülírva — válassza ki, melyik változat maradjon.</translation>
    </message>
    <message>
        <source>Walk-in details not sent — {vendor} refused them: {reason}</source>
        <translation>A foglalás nélküli ügyfél adatai nincsenek elküldve — a szolgáltató ({vendor}) elutasította őket: {reason}</translation>
    </message>
    <message>
        <source>Walk-in record</source>
        <translation>Foglalás nélküli ügyfél rekordja</translation>
    </message>
    <message>
        <source>Complete walk-in record…</source>
        <translation>Foglalás nélküli ügyfél adatainak kiegészítése…</translation>
    </message>
    <message>
        <source>Complete walk-in record</source>
        <translation>Foglalás nélküli ügyfél adatainak kiegészítése</translation>
    </message>
    <message>
        <source>Give this walk-in placeholder a name, email, phone and birthday; sent to reservations</source>
        <translation>Név, e-mail, telefon és születési dátum megadása ehhez az ideiglenes rekordhoz; a reservations rendszerbe kerülnek</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Újra</translation>
    </message>
    <message>
        <source>Send the walk-in&apos;s details again</source>
        <translation>A foglalás nélküli ügyfél adatainak újraküldése</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Elvetés</translation>
    </message>
    <message>
        <source>Discard the walk-in&apos;s details</source>
        <translation>A foglalás nélküli ügyfél adatainak elvetése</translation>
    </message>
    <message>
        <source>Keep mine (send again)</source>
        <translation>Az enyém marad (újraküldés)</translation>
    </message>
    <message>
        <source>Keep my details and send them again</source>
        <translation>A saját adataim megtartása és újraküldése</translation>
    </message>
    <message>
        <source>Take theirs (drop mine)</source>
        <translation>Az ottani marad (az enyém elvetése)</translation>
    </message>
    <message>
        <source>Take the details on reservations and drop mine</source>
        <translation>A reservations rendszerben lévő adatok megtartása, a sajátjaim elvetése</translation>
    </message>
    <message>
        <source>Whether the walk-in&apos;s details reached reservations</source>
        <translation>Megérkeztek-e a foglalás nélküli ügyfél adatai a reservations rendszerbe</translation>
    </message>
    <message>
        <source>The record could not be read from the cache ({error}).</source>
        <translation>A rekord nem olvasható be a gép helyi adataiból ({error}).</translation>
    </message>
    <message>
        <source>This is a registered customer&apos;s record now; their details come from their own reservations account.</source>
        <translation>Ez most már egy regisztrált ügyfél rekordja; az adatai a saját reservations-fiókjából származnak.</translation>
    </message>
    <message>
        <source>Walk-in details saved on reservations</source>
        <translation>A foglalás nélküli ügyfél adatai mentve a reservations rendszerben</translation>
    </message>
    <message>
        <source>Now on {vendor}: {theirs}
Yours: {ours}</source>
        <translation>Jelenleg a szolgáltatónál ({vendor}): {theirs}
Az Öné: {ours}</translation>
    </message>
    <message>
        <source>Walk-in details: {state}</source>
        <translation>Foglalás nélküli ügyfél adatai: {state}</translation>
    </message>
    <message>
        <source>Discarded: reservations keeps what it has.</source>
        <translation>Elvetve: a reservations rendszerben a meglévő adatok maradnak.</translation>
    </message>
    <message>
        <source>The version on reservations was kept; yours was discarded. The next sync ({key}) shows it here.</source>
        <translation>A reservations rendszerbeli változat maradt meg, az Öné elvetve. A következő szinkronizálás ({key}) után itt jelenik meg.</translation>
    </message>
</context>
<context>
    <name>WalkInDialog</name>
    <message>
        <source>on file: {masked} (used if left empty)</source>
        <translation>nyilvántartva: {masked} (üresen hagyva ez lesz használva)</translation>
    </message>
    <message>
        <source>Add a walk-in to the queue</source>
        <translation>Foglalás nélküli ügyfél felvétele a sorba</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Sor</translation>
    </message>
    <message>
        <source>The line the visitor waits in</source>
        <translation>A sor, amelyben az ügyfél vár</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>Keresztnév</translation>
    </message>
    <message>
        <source>2 to 50 characters</source>
        <translation>2–50 karakter</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Vezetéknév</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>nem kötelező</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>optional: local or international</source>
        <translation>nem kötelező: belföldi vagy nemzetközi</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Címkék</translation>
    </message>
    <message>
        <source>optional: VIP, Wheelchair …</source>
        <translation>nem kötelező: VIP, Kerekesszék …</translation>
    </message>
    <message>
        <source>&amp;Line:</source>
        <translation>&amp;Sor:</translation>
    </message>
    <message>
        <source>&amp;First name:</source>
        <translation>&amp;Keresztnév:</translation>
    </message>
    <message>
        <source>La&amp;st name:</source>
        <translation>&amp;Vezetéknév:</translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation>&amp;Telefon:</translation>
    </message>
    <message>
        <source>E&amp;mail:</source>
        <translation>&amp;E-mail:</translation>
    </message>
    <message>
        <source>La&amp;bels:</source>
        <translation>&amp;Címkék:</translation>
    </message>
    <message>
        <source>&amp;Add to the queue</source>
        <translation>&amp;Hozzáadás a sorhoz</translation>
    </message>
    <message>
        <source>Add to the queue</source>
        <translation>Hozzáadás a sorhoz</translation>
    </message>
    <message>
        <source>Enter; sends the walk-in to Qminder</source>
        <translation>Enter; elküldi az ügyfelet a Qmindernek</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Mégse</translation>
    </message>
    <message>
        <source>Esc; closes without adding anyone</source>
        <translation>Esc; bezárja, senkit sem vesz fel</translation>
    </message>
    <message>
        <source>No line is open at this location, so nobody can be added.</source>
        <translation>Ezen a helyszínen nincs nyitott sor, így senki sem vehető fel.</translation>
    </message>
    <message>
        <source>Adding {name}…</source>
        <translation>Hozzáadás: {name}…</translation>
    </message>
    <message>
        <source>Not added: {why}</source>
        <translation>Nem sikerült felvenni: {why}</translation>
    </message>
</context>
</TS>
