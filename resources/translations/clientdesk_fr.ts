<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
<context>
    <name>AboutDialog</name>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>Magasin</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Profil</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>Dossier des données</translation>
    </message>
    <message>
        <source>Keyring</source>
        <translation>Trousseau de clés</translation>
    </message>
    <message>
        <source>About Clientdesk</source>
        <translation>À propos de Clientdesk</translation>
    </message>
    <message>
        <source>Who is this customer, what have they booked, are they welcome, who is waiting.</source>
        <translation>Qui est ce client, qu&apos;a-t-il réservé, est-il le bienvenu, qui attend.</translation>
    </message>
    <message>
        <source>Close the About box</source>
        <translation>Fermer la fenêtre À propos</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copier</translation>
    </message>
    <message>
        <source>Copy these lines for IT or support</source>
        <translation>Copier ces lignes pour le service informatique ou l&apos;assistance</translation>
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
        <translation>Alerte file d&apos;attente</translation>
    </message>
    <message>
        <source>Show ticket</source>
        <translation>Voir le ticket</translation>
    </message>
    <message>
        <source>Bring up the queue with this ticket selected</source>
        <translation>Afficher la file d&apos;attente avec ce ticket sélectionné</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Ignorer</translation>
    </message>
    <message>
        <source>Dismiss the alert</source>
        <translation>Ignorer l&apos;alerte</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <source>When</source>
        <translation>Quand</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>Poste</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Mode</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Objet</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
</context>
<context>
    <name>AuditView</name>
    <message>
        <source>Audit log</source>
        <translation>Journal</translation>
    </message>
    <message>
        <source>Every edit, blacklist change, merge and export, newest first; managers only</source>
        <translation>Chaque modification, changement de liste noire, liaison et export, du plus récent au plus ancien; réservé aux responsables</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Exporter en CSV…</translation>
    </message>
    <message>
        <source>Export the audit log</source>
        <translation>Exporter le journal</translation>
    </message>
    <message>
        <source>Saves every line of the audit log to a CSV file you choose</source>
        <translation>Enregistre toutes les lignes du journal dans un fichier CSV de votre choix</translation>
    </message>
    <message>
        <source>Managers only: unlock manager mode ({key}) to see who changed what.</source>
        <translation>Réservé aux responsables: déverrouiller le mode responsable ({key}) pour voir qui a changé quoi.</translation>
    </message>
    <message>
        <source>Audit log lines</source>
        <translation>Lignes du journal</translation>
    </message>
    <message>
        <source>Newest first: when, at which counter, in which mode, what was done and to whom</source>
        <translation>Les plus récentes d&apos;abord: quand, à quel poste, dans quel mode, ce qui a été fait et pour qui</translation>
    </message>
    <message numerus="yes">
        <source>— {count} line(s) (newest shown)</source>
        <translation>
            <numerusform>— {count} ligne (les plus récentes affichées)</numerusform>
            <numerusform>— {count} lignes (les plus récentes affichées)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>— {count} line(s)</source>
        <translation>
            <numerusform>— {count} ligne</numerusform>
            <numerusform>— {count} lignes</numerusform>
        </translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message numerus="yes">
        <source>Exported {count} line(s) to {path}.</source>
        <translation>
            <numerusform>{count} ligne exportée vers {path}.</numerusform>
            <numerusform>{count} lignes exportées vers {path}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BlacklistModel</name>
    <message>
        <source>Who</source>
        <translation>Qui</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <source>On the list since</source>
        <translation>Sur la liste depuis</translation>
    </message>
    <message>
        <source>Reservations</source>
        <translation>État sur reservations</translation>
    </message>
    <message>
        <source>When this PC first saw the entry (reservations does not say when)</source>
        <translation>Date à laquelle ce poste a vu l&apos;entrée pour la première fois (reservations ne donne pas la date)</translation>
    </message>
</context>
<context>
    <name>BlacklistView</name>
    <message>
        <source>not sent</source>
        <translation>non envoyé</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>en attente</translation>
    </message>
    <message>
        <source>removal pending</source>
        <translation>retrait en attente</translation>
    </message>
    <message>
        <source>confirmed</source>
        <translation>confirmé</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(sans nom)</translation>
    </message>
    <message>
        <source>Not synced with {vendor} yet — this PC knows only what was changed here.</source>
        <translation>Pas encore synchronisé avec {vendor} — ce poste ne connaît que les changements faits ici.</translation>
    </message>
    <message>
        <source>{vendor} offline since {since} — showing the blacklist as of {as_of}.</source>
        <translation>{vendor} hors ligne depuis {since} — liste noire affichée telle qu&apos;à la dernière mise à jour: {as_of}.</translation>
    </message>
    <message>
        <source>Blacklist as of {as_of} (last sync with {vendor}).</source>
        <translation>Liste noire mise à jour: {as_of} (dernière synchronisation avec {vendor}).</translation>
    </message>
    <message>
        <source>{name} — {ref}</source>
        <comment>a reservations record: name — reference</comment>
        <translation>{name} — {ref}</translation>
    </message>
    <message>
        <source>walk-in placeholder</source>
        <translation>fiche provisoire (client sans rendez-vous)</translation>
    </message>
    <message>
        <source>on the blacklist: {reason}</source>
        <translation>sur liste noire: {reason}</translation>
    </message>
    <message>
        <source>Blacklist</source>
        <translation>Liste noire</translation>
    </message>
    <message>
        <source>Yes, take them off</source>
        <translation>Oui, retirer</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Non</translation>
    </message>
    <message>
        <source>Take off the blacklist?</source>
        <translation>Retirer de la liste noire?</translation>
    </message>
    <message>
        <source>Yes, take them off the blacklist</source>
        <translation>Oui, retirer de la liste noire</translation>
    </message>
    <message>
        <source>No, keep them on the blacklist</source>
        <translation>Non, garder sur la liste noire</translation>
    </message>
    <message>
        <source>Search the blacklist</source>
        <translation>Rechercher dans la liste noire</translation>
    </message>
    <message>
        <source>Filters the list as you type: name, email, phone or reason</source>
        <translation>Filtre la liste pendant la saisie: nom, e-mail, téléphone ou motif</translation>
    </message>
    <message>
        <source>Search name, email, phone or reason ({key})</source>
        <translation>Rechercher un nom, un e-mail, un téléphone ou un motif ({key})</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>Ajouter…</translation>
    </message>
    <message>
        <source>Add someone to the blacklist</source>
        <translation>Ajouter quelqu&apos;un à la liste noire</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>Retirer…</translation>
    </message>
    <message>
        <source>Take the selected entry off the blacklist</source>
        <translation>Retirer l&apos;entrée sélectionnée de la liste noire</translation>
    </message>
    <message>
        <source>Asks first</source>
        <translation>Demande d&apos;abord confirmation</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Exporter en CSV…</translation>
    </message>
    <message>
        <source>Export the blacklist</source>
        <translation>Exporter la liste noire</translation>
    </message>
    <message>
        <source>Saves the whole blacklist to a CSV file you choose, without contacts</source>
        <translation>Enregistre toute la liste noire dans le fichier CSV de votre choix, sans les coordonnées</translation>
    </message>
    <message>
        <source>Read-only: only managers add, remove or export entries.</source>
        <translation>Lecture seule: seuls les responsables ajoutent, retirent ou exportent des entrées.</translation>
    </message>
    <message>
        <source>Manager mode… ({key})</source>
        <translation>Mode responsable… ({key})</translation>
    </message>
    <message>
        <source>Unlock manager mode</source>
        <translation>Déverrouiller le mode responsable</translation>
    </message>
    <message>
        <source>Asks for the manager PIN; shortcut {key}</source>
        <translation>Demande le code PIN responsable; raccourci {key}</translation>
    </message>
    <message>
        <source>Add to the blacklist</source>
        <translation>Ajouter à la liste noire</translation>
    </message>
    <message>
        <source>Add to the blacklist — find the customer, then give the reason (required):</source>
        <translation>Ajouter à la liste noire — trouver le client, puis indiquer le motif (obligatoire):</translation>
    </message>
    <message>
        <source>Find the customer to put on the blacklist</source>
        <translation>Trouver le client à mettre sur la liste noire</translation>
    </message>
    <message>
        <source>Type a name, email or phone, then pick with Enter</source>
        <translation>Saisir un nom, un e-mail ou un téléphone, puis choisir avec Enter</translation>
    </message>
    <message>
        <source>Customers found</source>
        <translation>Clients trouvés</translation>
    </message>
    <message>
        <source>No customer picked yet.</source>
        <translation>Aucun client choisi pour l&apos;instant.</translation>
    </message>
    <message>
        <source>Which reservations record to put on the blacklist</source>
        <translation>Quelle fiche reservations mettre sur la liste noire</translation>
    </message>
    <message>
        <source>Choose which reservations record…</source>
        <translation>Choisir la fiche reservations…</translation>
    </message>
    <message>
        <source>Reason for the blacklist entry</source>
        <translation>Motif de l&apos;inscription sur la liste noire</translation>
    </message>
    <message>
        <source>Required: say what happened</source>
        <translation>Obligatoire: dire ce qui s&apos;est passé</translation>
    </message>
    <message>
        <source>What happened (required)</source>
        <translation>Ce qui s&apos;est passé (obligatoire)</translation>
    </message>
    <message>
        <source>Put on the blacklist</source>
        <translation>Mettre sur la liste noire</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Cancel adding to the blacklist</source>
        <translation>Annuler l&apos;ajout à la liste noire</translation>
    </message>
    <message>
        <source>Blacklist entries</source>
        <translation>Entrées de la liste noire</translation>
    </message>
    <message>
        <source>Who, a masked contact, the reason, since when this PC has seen the entry, and whether reservations has confirmed it</source>
        <translation>Qui, un contact masqué, le motif, depuis quand ce poste voit l&apos;entrée, et si reservations l&apos;a confirmée</translation>
    </message>
    <message>
        <source>The blacklist could not be read from the cache ({error}).</source>
        <translation>Impossible de lire la liste noire dans les données de ce poste ({error}).</translation>
    </message>
    <message numerus="yes">
        <source>{count} entry(ies)</source>
        <translation>
            <numerusform>{count} entrée</numerusform>
            <numerusform>{count} entrées</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{shown} of {count} entry(ies) shown</source>
        <translation>
            <numerusform>{shown} sur {count} entrée affichée</numerusform>
            <numerusform>{shown} sur {count} entrées affichées</numerusform>
        </translation>
    </message>
    <message>
        <source>Only managers change or export the blacklist: unlock manager mode first ({key}).</source>
        <translation>Seuls les responsables modifient ou exportent la liste noire: déverrouiller d&apos;abord le mode responsable ({key}).</translation>
    </message>
    <message>
        <source>Customer: {name} — ⚠ already blacklisted</source>
        <translation>Client: {name} — ⚠ déjà sur liste noire</translation>
    </message>
    <message>
        <source>Customer: {name}</source>
        <translation>Client: {name}</translation>
    </message>
    <message numerus="yes">
        <source>Customer: {name} — {count} reservations records: choose the one to put on the blacklist.</source>
        <translation>
            <numerusform>Client: {name} — {count} fiche reservations: choisir celle à mettre sur la liste noire.</numerusform>
            <numerusform>Client: {name} — {count} fiches reservations: choisir celle à mettre sur la liste noire.</numerusform>
        </translation>
    </message>
    <message>
        <source>Customer: {name} — ⚠ already on the blacklist (reason: {reason}); the new reason replaces it.</source>
        <translation>Client: {name} — ⚠ déjà sur la liste noire (motif: {reason}); le nouveau motif le remplace.</translation>
    </message>
    <message>
        <source>Customer: {name} — ⚠ no reservations record, so the blacklist cannot hold them.</source>
        <translation>Client: {name} — ⚠ aucune fiche reservations, impossible de l&apos;inscrire sur la liste noire.</translation>
    </message>
    <message>
        <source>Pick the customer first: type their name, then Enter.</source>
        <translation>Choisir d&apos;abord le client: saisir son nom, puis Enter.</translation>
    </message>
    <message>
        <source>{refusal} Choose it in the list under the customer.</source>
        <translation>{refusal} Choisir la fiche dans la liste sous le client.</translation>
    </message>
    <message>
        <source>Nothing was saved: the cache could not be written ({error}).</source>
        <translation>Rien n&apos;a été enregistré: impossible d&apos;écrire dans les données de ce poste ({error}).</translation>
    </message>
    <message>
        <source>{name} is already on the blacklist for that reason; nothing was changed.</source>
        <translation>{name} figure déjà sur la liste noire pour ce motif; rien n&apos;a été modifié.</translation>
    </message>
    <message>
        <source>The customer is already on the blacklist for that reason; nothing was changed.</source>
        <translation>Le client figure déjà sur la liste noire pour ce motif; rien n&apos;a été modifié.</translation>
    </message>
    <message>
        <source>{name} was already on the blacklist: the reason is replaced on this PC, pending until reservations confirms it.</source>
        <translation>{name} figurait déjà sur la liste noire: le motif est remplacé sur ce poste, en attente de confirmation par reservations.</translation>
    </message>
    <message>
        <source>The customer was already on the blacklist: the reason is replaced on this PC, pending until reservations confirms it.</source>
        <translation>Le client figurait déjà sur la liste noire: le motif est remplacé sur ce poste, en attente de confirmation par reservations.</translation>
    </message>
    <message>
        <source>{name} is on the blacklist on this PC; pending until reservations confirms it.</source>
        <translation>{name} figure sur la liste noire de ce poste; en attente de confirmation par reservations.</translation>
    </message>
    <message>
        <source>The customer is on the blacklist on this PC; pending until reservations confirms it.</source>
        <translation>Le client figure sur la liste noire de ce poste; en attente de confirmation par reservations.</translation>
    </message>
    <message>
        <source>Select an entry in the list first.</source>
        <translation>Sélectionner d&apos;abord une entrée dans la liste.</translation>
    </message>
    <message>
        <source>Take {name} off the blacklist? Reason was: {reason}</source>
        <translation>Retirer {name} de la liste noire? Motif indiqué: {reason}</translation>
    </message>
    <message>
        <source>Take this customer off the blacklist? Reason was: {reason}</source>
        <translation>Retirer ce client de la liste noire? Motif indiqué: {reason}</translation>
    </message>
    <message>
        <source>{name} was taken off the blacklist on this PC; pending until reservations confirms it.</source>
        <translation>{name} ne figure plus sur la liste noire de ce poste; en attente de confirmation par reservations.</translation>
    </message>
    <message>
        <source>The customer was taken off the blacklist on this PC; pending until reservations confirms it.</source>
        <translation>Le client ne figure plus sur la liste noire de ce poste; en attente de confirmation par reservations.</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message numerus="yes">
        <source>Exported {count} entry(ies) to {path} (the whole list: the search does not filter exports).</source>
        <translation>
            <numerusform>{count} entrée exportée vers {path} (toute la liste: la recherche ne filtre pas les exports).</numerusform>
            <numerusform>{count} entrées exportées vers {path} (toute la liste: la recherche ne filtre pas les exports).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported {count} entry(ies) to {path}.</source>
        <translation>
            <numerusform>{count} entrée exportée vers {path}.</numerusform>
            <numerusform>{count} entrées exportées vers {path}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChipRow</name>
    <message>
        <source>Labels: {labels}</source>
        <translation>Étiquettes: {labels}</translation>
    </message>
    <message>
        <source>, </source>
        <comment>between labels</comment>
        <translation>, </translation>
    </message>
    <message>
        <source>No labels</source>
        <translation>Aucune étiquette</translation>
    </message>
</context>
<context>
    <name>CommandPalette</name>
    <message>
        <source>Command palette</source>
        <translation>Palette de commandes</translation>
    </message>
    <message>
        <source>Commands</source>
        <translation>Commandes</translation>
    </message>
    <message>
        <source>Type what you want to do…</source>
        <translation>Saisir ce que vous voulez faire…</translation>
    </message>
    <message>
        <source>Find a command</source>
        <translation>Trouver une commande</translation>
    </message>
    <message>
        <source>Type words of the command; Up and Down choose, Enter runs it, Esc closes</source>
        <translation>Saisir des mots de la commande; les flèches haut et bas pour choisir, Enter pour l&apos;exécuter, Esc pour fermer</translation>
    </message>
    <message>
        <source>Matching commands</source>
        <translation>Commandes correspondantes</translation>
    </message>
    <message>
        <source>No command has these words.</source>
        <translation>Aucune commande ne contient ces mots.</translation>
    </message>
    <message>
        <source>Enter runs the command · Esc closes</source>
        <translation>Enter exécute la commande · Esc ferme</translation>
    </message>
</context>
<context>
    <name>CompleteDialog</name>
    <message>
        <source>&amp;First name:</source>
        <translation>&amp;Prénom:</translation>
    </message>
    <message>
        <source>Walk-in&apos;s first name</source>
        <translation>Prénom du client sans rendez-vous</translation>
    </message>
    <message>
        <source>La&amp;st name:</source>
        <translation>&amp;Nom:</translation>
    </message>
    <message>
        <source>Walk-in&apos;s last name</source>
        <translation>Nom du client sans rendez-vous</translation>
    </message>
    <message>
        <source>E&amp;mail:</source>
        <translation>&amp;E-mail:</translation>
    </message>
    <message>
        <source>Walk-in&apos;s email</source>
        <translation>E-mail du client sans rendez-vous</translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation>&amp;Téléphone:</translation>
    </message>
    <message>
        <source>Walk-in&apos;s phone</source>
        <translation>Téléphone du client sans rendez-vous</translation>
    </message>
    <message>
        <source>&amp;Birthday:</source>
        <translation>&amp;Date de naissance:</translation>
    </message>
    <message>
        <source>Walk-in&apos;s birthday</source>
        <translation>Date de naissance du client sans rendez-vous</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>facultatif</translation>
    </message>
    <message>
        <source>optional: local or international</source>
        <translation>facultatif: format national ou international</translation>
    </message>
    <message>
        <source>optional: YYYY-MM-DD</source>
        <translation>facultatif: AAAA-MM-JJ</translation>
    </message>
    <message>
        <source>on file: a date — leave empty to keep</source>
        <translation>déjà enregistrée: une date — laisser vide pour la garder</translation>
    </message>
    <message>
        <source>on file: {value} — leave empty to keep</source>
        <translation>déjà enregistré: {value} — laisser vide pour le garder</translation>
    </message>
    <message>
        <source>Complete walk-in record</source>
        <translation>Compléter la fiche du client sans rendez-vous</translation>
    </message>
    <message>
        <source>Fill in the walk-in&apos;s details; they are sent to reservations (and wait on this PC while it cannot be reached). Reservations cannot remove a detail it has.</source>
        <translation>Remplir les informations du client sans rendez-vous; elles sont envoyées à reservations (et attendent sur ce poste tant qu&apos;il est injoignable). Une information déjà présente dans reservations ne peut pas y être supprimée.</translation>
    </message>
    <message>
        <source>{least} to {most} characters</source>
        <translation>{least} à {most} caractères</translation>
    </message>
    <message>
        <source>&amp;Save and send</source>
        <translation>En&amp;registrer et envoyer</translation>
    </message>
    <message>
        <source>Save the walk-in&apos;s details</source>
        <translation>Enregistrer les informations du client sans rendez-vous</translation>
    </message>
    <message>
        <source>Sends them to reservations; they wait on this PC while it cannot be reached</source>
        <translation>Les envoie à reservations; elles attendent sur ce poste tant qu&apos;il est injoignable</translation>
    </message>
    <message>
        <source>Cancel: nothing is saved</source>
        <translation>Annuler: rien n&apos;est enregistré</translation>
    </message>
    <message>
        <source>Nothing was saved: fix what is marked.</source>
        <translation>Rien n&apos;a été enregistré: corriger ce qui est signalé.</translation>
    </message>
    <message>
        <source>The details could not be saved on this PC ({error}). Nothing was changed; try again.</source>
        <translation>Impossible d&apos;enregistrer les informations sur ce poste ({error}). Rien n&apos;a été modifié; réessayer.</translation>
    </message>
</context>
<context>
    <name>ConflictBox</name>
    <message>
        <source>Changed elsewhere: choose which version to keep</source>
        <translation>Modifié ailleurs: choisir la version à garder</translation>
    </message>
    <message>
        <source>Yours (not sent yet)</source>
        <translation>La vôtre (pas encore envoyée)</translation>
    </message>
    <message>
        <source>Now on {vendor} (changed meanwhile)</source>
        <translation>Actuellement sur {vendor} (modifiée entre-temps)</translation>
    </message>
    <message>
        <source>Your version, not sent yet</source>
        <translation>Votre version, pas encore envoyée</translation>
    </message>
    <message>
        <source>The version now on {vendor}</source>
        <translation>La version actuelle sur {vendor}</translation>
    </message>
    <message>
        <source>Keep mine (send it again)</source>
        <translation>Garder la mienne (la renvoyer)</translation>
    </message>
    <message>
        <source>Keep mine and send it again</source>
        <translation>Garder ma version et la renvoyer</translation>
    </message>
    <message>
        <source>Take theirs (drop mine)</source>
        <translation>Prendre la leur (abandonner la mienne)</translation>
    </message>
    <message>
        <source>Take theirs and drop mine</source>
        <translation>Prendre leur version et abandonner la mienne</translation>
    </message>
    <message>
        <source>Yours replaces the version on {vendor}</source>
        <translation>Votre version remplace celle de {vendor}</translation>
    </message>
    <message>
        <source>The version on {vendor} stays; yours is discarded</source>
        <translation>La version de {vendor} est conservée; la vôtre est abandonnée</translation>
    </message>
    <message>
        <source>The walk-in record of {who} was changed on {vendor} after you began editing. Nothing was overwritten — choose which one to keep.</source>
        <translation>La fiche sans rendez-vous concernant {who} a été modifiée sur {vendor} pendant votre modification. Rien n&apos;a été écrasé — choisir la version à garder.</translation>
    </message>
    <message>
        <source>The note of {who} was changed on {vendor} after you began editing. Nothing was overwritten — choose which one to keep.</source>
        <translation>La note concernant {who} a été modifiée sur {vendor} pendant votre modification. Rien n&apos;a été écrasé — choisir la version à garder.</translation>
    </message>
</context>
<context>
    <name>CustomerPicker</name>
    <message>
        <source>(no name)</source>
        <translation>(sans nom)</translation>
    </message>
    <message>
        <source>{customer} · ⚠ blacklisted</source>
        <translation>{customer} · ⚠ sur liste noire</translation>
    </message>
    <message>
        <source>Find a saved customer</source>
        <translation>Trouver un client enregistré</translation>
    </message>
    <message>
        <source>Type a name, email or phone; the arrow keys move in the list and Enter picks</source>
        <translation>Saisir un nom, un e-mail ou un téléphone; les flèches parcourent la liste et Enter choisit</translation>
    </message>
    <message>
        <source>Type a name, email or phone, then pick with Enter</source>
        <translation>Saisir un nom, un e-mail ou un téléphone, puis choisir avec Enter</translation>
    </message>
    <message>
        <source>Saved customers found</source>
        <translation>Clients enregistrés trouvés</translation>
    </message>
    <message>
        <source>Enter or a double-click picks the highlighted customer</source>
        <translation>Enter ou un double-clic choisit le client sélectionné</translation>
    </message>
    <message>
        <source>No saved customer matches.</source>
        <translation>Aucun client enregistré ne correspond.</translation>
    </message>
</context>
<context>
    <name>EditsModel</name>
    <message>
        <source>Made</source>
        <translation>Créée</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Modification</translation>
    </message>
    <message>
        <source>Where it stands</source>
        <translation>État</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Par</translation>
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
            <numerusform>{waiting} modification en attente · {failed} en échec</numerusform>
            <numerusform>{waiting} modifications en attente · {failed} en échec</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{count} edit(s) waiting</source>
        <translation>
            <numerusform>{count} modification en attente</numerusform>
            <numerusform>{count} modifications en attente</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{count} edit(s) failed</source>
        <translation>
            <numerusform>{count} modification en échec</numerusform>
            <numerusform>{count} modifications en échec</numerusform>
        </translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>aucun motif donné</translation>
    </message>
    <message>
        <source>Changed on {vendor} meanwhile — choose a version</source>
        <translation>Modifiée entre-temps sur {vendor} — choisir une version</translation>
    </message>
    <message>
        <source>Refused by {vendor}: {reason}</source>
        <translation>Refusée par {vendor}: {reason}</translation>
    </message>
    <message>
        <source>Waiting — {vendor} could not be reached, next try {when}</source>
        <translation>En attente — {vendor} injoignable, nouvel essai {when}</translation>
    </message>
    <message>
        <source>Waiting — {vendor} could not be reached</source>
        <translation>En attente — {vendor} injoignable</translation>
    </message>
    <message>
        <source>Waiting to be sent to {vendor}</source>
        <translation>En attente d&apos;envoi à {vendor}</translation>
    </message>
    <message>
        <source>Edits not sent yet</source>
        <translation>Modifications pas encore envoyées</translation>
    </message>
    <message>
        <source>Every edit is saved on this PC first, then sent to its vendor. Edits wait here while a vendor cannot be reached and are sent as soon as it answers. An edit a vendor refused, or one changed elsewhere meanwhile, stops here until you retry, edit or discard it.</source>
        <translation>Chaque modification est d&apos;abord enregistrée sur ce poste, puis envoyée à son service. Les modifications attendent ici tant qu&apos;un service est injoignable et partent dès qu&apos;il répond. Une modification refusée par un service, ou modifiée ailleurs entre-temps, reste ici jusqu&apos;à ce que vous la relanciez, la modifiiez ou l&apos;abandonniez.</translation>
    </message>
    <message>
        <source>Nothing waiting: every edit has reached its vendor.</source>
        <translation>Rien en attente: toutes les modifications sont arrivées à leur service.</translation>
    </message>
    <message>
        <source>Yes, discard it</source>
        <translation>Oui, abandonner</translation>
    </message>
    <message>
        <source>No, keep it</source>
        <translation>Non, la garder</translation>
    </message>
    <message>
        <source>Discard this edit?</source>
        <translation>Abandonner cette modification?</translation>
    </message>
    <message>
        <source>Yes, discard the edit</source>
        <translation>Oui, abandonner la modification</translation>
    </message>
    <message>
        <source>No, keep the edit</source>
        <translation>Non, garder la modification</translation>
    </message>
    <message>
        <source>Send waiting edits now</source>
        <translation>Envoyer maintenant les modifications en attente</translation>
    </message>
    <message>
        <source>Edits not sent yet, oldest first</source>
        <translation>Modifications pas encore envoyées, les plus anciennes d&apos;abord</translation>
    </message>
    <message>
        <source>When each edit was made, what it does, where it stands and who made it</source>
        <translation>Quand chaque modification a été faite, ce qu&apos;elle fait, où elle en est et qui l&apos;a faite</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Réessayer</translation>
    </message>
    <message>
        <source>Send it again now</source>
        <translation>La renvoyer maintenant</translation>
    </message>
    <message>
        <source>Retry the selected edit</source>
        <translation>Réessayer la modification sélectionnée</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Modifier…</translation>
    </message>
    <message>
        <source>Go to where this edit was made</source>
        <translation>Aller là où cette modification a été faite</translation>
    </message>
    <message>
        <source>Go to where the selected edit was made</source>
        <translation>Aller là où la modification sélectionnée a été faite</translation>
    </message>
    <message>
        <source>Discard…</source>
        <translation>Abandonner…</translation>
    </message>
    <message>
        <source>Give up on this edit: it is never sent</source>
        <translation>Abandonner cette modification: elle ne sera jamais envoyée</translation>
    </message>
    <message>
        <source>Discard the selected edit</source>
        <translation>Abandonner la modification sélectionnée</translation>
    </message>
    <message>
        <source>Give up on this edit: it is never sent. Asks first.</source>
        <translation>Abandonner cette modification: elle ne sera jamais envoyée. Demande confirmation avant.</translation>
    </message>
    <message>
        <source>— {counts}</source>
        <translation>— {counts}</translation>
    </message>
    <message>
        <source>Last answer: {answer}</source>
        <translation>Dernière réponse: {answer}</translation>
    </message>
    <message>
        <source>Note: {note}</source>
        <translation>Note: {note}</translation>
    </message>
    <message numerus="yes">
        <source>Made at {counter} in {mode} mode, {when}; tried {count} time(s).</source>
        <translation>
            <numerusform>Faite au poste {counter} en mode {mode}, {when}; {count} essai.</numerusform>
            <numerusform>Faite au poste {counter} en mode {mode}, {when}; {count} essais.</numerusform>
        </translation>
    </message>
    <message>
        <source>That edit is no longer open.</source>
        <translation>Cette modification n&apos;est plus en attente.</translation>
    </message>
    <message>
        <source>Discard “{what}”? It will never be sent, and the value it replaced shows again.</source>
        <translation>Abandonner « {what} »? Elle ne sera jamais envoyée, et la valeur qu&apos;elle remplaçait réapparaît.</translation>
    </message>
    <message>
        <source>Could not discard it ({error}).</source>
        <translation>Impossible de l&apos;abandonner ({error}).</translation>
    </message>
    <message>
        <source>Discarded.</source>
        <translation>Abandonnée.</translation>
    </message>
    <message>
        <source>Yours is on its way again.</source>
        <translation>Votre version est renvoyée.</translation>
    </message>
    <message>
        <source>The other version was kept; yours was discarded.</source>
        <translation>L&apos;autre version a été gardée; la vôtre a été abandonnée.</translation>
    </message>
</context>
<context>
    <name>EditsStatus</name>
    <message>
        <source>Edits not sent yet</source>
        <translation>Modifications pas encore envoyées</translation>
    </message>
    <message>
        <source>Opens the Edits tab</source>
        <translation>Ouvre l&apos;onglet Modifications</translation>
    </message>
    <message>
        <source>Edits saved on this PC and not yet confirmed by their vendor — click to see them</source>
        <translation>Modifications enregistrées sur ce poste, pas encore confirmées par leur service — cliquer pour les voir</translation>
    </message>
    <message>
        <source>Edits not sent yet: {counts}</source>
        <translation>Modifications pas encore envoyées: {counts}</translation>
    </message>
</context>
<context>
    <name>ErrorFunnel</name>
    <message>
        <source>Something went wrong inside Clientdesk. Your data is safe; the details were written to {log_file}.</source>
        <translation>Un problème est survenu dans Clientdesk. Vos données sont en sécurité; les détails ont été écrits dans {log_file}.</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>Un problème est survenu</translation>
    </message>
</context>
<context>
    <name>HelpOverlay</name>
    <message>
        <source>Keyboard help</source>
        <translation>Aide clavier</translation>
    </message>
    <message>
        <source>Every key of this window; F1 or Esc closes it</source>
        <translation>Toutes les touches de cette fenêtre; F1 ou Esc la ferme</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Raccourcis clavier</translation>
    </message>
    <message>
        <source>F1 or Esc closes this list.</source>
        <translation>F1 ou Esc ferme cette liste.</translation>
    </message>
</context>
<context>
    <name>InlineConfirm</name>
    <message>
        <source>Please confirm</source>
        <translation>Confirmer</translation>
    </message>
</context>
<context>
    <name>Keys</name>
    <message>
        <source>{action} — asks first</source>
        <translation>{action} — demande confirmation</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Fenêtre</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Recherche</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Fiche</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>File d&apos;attente</translation>
    </message>
    <message>
        <source>Edits</source>
        <translation>Modifications</translation>
    </message>
    <message>
        <source>Show or hide this list of keys</source>
        <translation>Afficher ou masquer cette liste de raccourcis</translation>
    </message>
    <message>
        <source>Find a command by its name and run it</source>
        <translation>Trouver une commande par son nom et l&apos;exécuter</translation>
    </message>
    <message>
        <source>Back to the search box (empties it when already there); closes this list or a question</source>
        <translation>Retour à la zone de recherche (la vide si on y est déjà); ferme cette liste ou une question</translation>
    </message>
    <message>
        <source>Sync now and refresh the open profile; on the Vendors tab, check every vendor</source>
        <translation>Synchroniser maintenant et actualiser la fiche ouverte; dans l&apos;onglet Services, vérifier chaque service</translation>
    </message>
    <message>
        <source>About Clientdesk: version, store, where the logs are</source>
        <translation>À propos de Clientdesk: version, magasin, emplacement des journaux</translation>
    </message>
    <message>
        <source>Go to the search box</source>
        <translation>Aller à la zone de recherche</translation>
    </message>
    <message>
        <source>Move through the results (the cursor stays in the box)</source>
        <translation>Parcourir les résultats (le curseur reste dans la zone)</translation>
    </message>
    <message>
        <source>Open the highlighted customer, or the booking whose link was scanned or pasted</source>
        <translation>Ouvrir le client en surbrillance, ou la réservation dont le lien a été scanné ou collé</translation>
    </message>
    <message>
        <source>Add the open customer to the queue (name and contacts on file filled in)</source>
        <translation>Ajouter le client ouvert à la file d&apos;attente (nom et coordonnées enregistrés déjà remplis)</translation>
    </message>
    <message>
        <source>Timeline: show bookings from one vendor</source>
        <translation>Historique: réservations d&apos;un seul service</translation>
    </message>
    <message>
        <source>Timeline: show bookings with one status</source>
        <translation>Historique: réservations d&apos;un seul statut</translation>
    </message>
    <message>
        <source>Go to the queue (shows it when hidden)</source>
        <translation>Aller à la file d&apos;attente (l&apos;affiche si elle est masquée)</translation>
    </message>
    <message>
        <source>Open the profile of the selected ticket&apos;s customer</source>
        <translation>Ouvrir la fiche du client du ticket sélectionné</translation>
    </message>
    <message>
        <source>Add a walk-in to the queue (line, name, contacts, labels)</source>
        <translation>Ajouter un client sans rendez-vous à la file d&apos;attente (file, nom, coordonnées, étiquettes)</translation>
    </message>
    <message>
        <source>Manager mode: unlock with the PIN, or lock it again now</source>
        <translation>Mode responsable: le déverrouiller avec le code PIN, ou le verrouiller tout de suite</translation>
    </message>
    <message>
        <source>Edit the open customer&apos;s reservations note</source>
        <translation>Modifier la note reservations du client ouvert</translation>
    </message>
    <message>
        <source>Save the note being edited (sent to reservations as soon as it answers)</source>
        <translation>Enregistrer la note en cours de modification (envoyée à reservations dès qu&apos;il répond)</translation>
    </message>
    <message>
        <source>Add a label to the selected queue ticket</source>
        <translation>Ajouter une étiquette au ticket sélectionné</translation>
    </message>
    <message>
        <source>In a ticket&apos;s labels: remove the selected label</source>
        <translation>Dans les étiquettes d&apos;un ticket: retirer l&apos;étiquette sélectionnée</translation>
    </message>
    <message>
        <source>Go to the blacklist and its search box</source>
        <translation>Aller à la liste noire et à sa zone de recherche</translation>
    </message>
    <message>
        <source>Edits not sent yet: retry, edit or discard</source>
        <translation>Modifications pas encore envoyées: réessayer, modifier ou abandonner</translation>
    </message>
    <message>
        <source>The queue&apos;s keys work anywhere in the window, except Shift+Del inside a text box (there it cuts text): press F12 first.</source>
        <translation>Les touches de la file d&apos;attente fonctionnent partout dans la fenêtre, sauf Shift+Del dans une zone de texte (il y coupe le texte): appuyer d&apos;abord sur F12.</translation>
    </message>
    <message>
        <source>{first} or {second}</source>
        <translation>{first} ou {second}</translation>
    </message>
</context>
<context>
    <name>LabelsEditor</name>
    <message>
        <source>{label} — pending (adding)</source>
        <translation>{label} — en attente (ajout)</translation>
    </message>
    <message>
        <source>{label} — pending (removing)</source>
        <translation>{label} — en attente (retrait)</translation>
    </message>
    <message>
        <source>{label} — not sent: {reason}</source>
        <translation>{label} — non envoyée: {reason}</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>refusé</translation>
    </message>
    <message>
        <source>Labels of the selected ticket</source>
        <translation>Étiquettes du ticket sélectionné</translation>
    </message>
    <message>
        <source>Labels (sent to {vendor})</source>
        <translation>Étiquettes (envoyées à {vendor})</translation>
    </message>
    <message>
        <source>Labels on the ticket</source>
        <translation>Étiquettes du ticket</translation>
    </message>
    <message>
        <source>Delete removes the selected label</source>
        <translation>La touche Delete retire l&apos;étiquette sélectionnée</translation>
    </message>
    <message>
        <source>New label</source>
        <translation>Nouvelle étiquette</translation>
    </message>
    <message>
        <source>Type a label or pick one the store uses, then Enter; shortcut {key}</source>
        <translation>Saisir une étiquette ou en choisir une utilisée par le magasin, puis Enter; raccourci {key}</translation>
    </message>
    <message>
        <source>Label…</source>
        <translation>Étiquette…</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Ajouter</translation>
    </message>
    <message>
        <source>Add the label</source>
        <translation>Ajouter l&apos;étiquette</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <source>Remove the selected label</source>
        <translation>Retirer l&apos;étiquette sélectionnée</translation>
    </message>
    <message>
        <source>No labels</source>
        <translation>Aucune étiquette</translation>
    </message>
    <message>
        <source>No ticket selected</source>
        <translation>Aucun ticket sélectionné</translation>
    </message>
    <message>
        <source>Select a ticket in the queue first.</source>
        <translation>Sélectionner d&apos;abord un ticket dans la file d&apos;attente.</translation>
    </message>
    <message>
        <source>Select a label in the list to remove it.</source>
        <translation>Sélectionner une étiquette dans la liste pour la retirer.</translation>
    </message>
    <message>
        <source>The label could not be saved on this PC ({error}).</source>
        <translation>L&apos;étiquette n&apos;a pas pu être enregistrée sur ce poste ({error}).</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Clientdesk — {store} (training)</source>
        <translation>Clientdesk — {store} (formation)</translation>
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
        <translation>Afficher ou masquer la file d&apos;attente</translation>
    </message>
    <message>
        <source>TRAINING MODE — fake customers and vendors; nothing is sent anywhere</source>
        <translation>MODE FORMATION — clients et services fictifs; rien n&apos;est envoyé nulle part</translation>
    </message>
    <message>
        <source>Parts of the window</source>
        <translation>Parties de la fenêtre</translation>
    </message>
    <message>
        <source>&amp;Customers</source>
        <translation>&amp;Clients</translation>
    </message>
    <message>
        <source>&amp;Blacklist</source>
        <translation>&amp;Liste noire</translation>
    </message>
    <message>
        <source>&amp;Edits</source>
        <translation>&amp;Modifications</translation>
    </message>
    <message>
        <source>A&amp;udit</source>
        <translation>&amp;Journal</translation>
    </message>
    <message>
        <source>&amp;Vendors</source>
        <translation>&amp;Services</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <source>&amp;Keyboard help</source>
        <translation>&amp;Raccourcis clavier</translation>
    </message>
    <message>
        <source>&amp;Commands…</source>
        <translation>&amp;Commandes…</translation>
    </message>
    <message>
        <source>&amp;About Clientdesk</source>
        <translation>À &amp;propos de Clientdesk</translation>
    </message>
    <message>
        <source>Queue (Qminder)</source>
        <translation>File d&apos;attente (Qminder)</translation>
    </message>
    <message>
        <source>Live queue</source>
        <translation>File d&apos;attente en direct</translation>
    </message>
    <message>
        <source>Add to queue…</source>
        <translation>Ajouter à la file…</translation>
    </message>
    <message>
        <source>Add this customer to the queue</source>
        <translation>Ajouter ce client à la file d&apos;attente</translation>
    </message>
    <message>
        <source>Put this customer in a line, name and contacts on file filled in — key {key}</source>
        <translation>Placer ce client dans une file, nom et coordonnées déjà remplis — touche {key}</translation>
    </message>
    <message>
        <source>Queue ({key})</source>
        <translation>File d&apos;attente ({key})</translation>
    </message>
    <message>
        <source>Show or hide the live queue</source>
        <translation>Afficher ou masquer la file d&apos;attente en direct</translation>
    </message>
    <message>
        <source>Open a customer&apos;s profile first, then add them to the queue.</source>
        <translation>Ouvrir d&apos;abord la fiche d&apos;un client, puis l&apos;ajouter à la file.</translation>
    </message>
    <message>
        <source>Link duplicates…</source>
        <translation>Lier les doublons…</translation>
    </message>
    <message>
        <source>Link this customer with a duplicate</source>
        <translation>Lier ce client à un doublon</translation>
    </message>
    <message>
        <source>Managers: link this customer with a duplicate; optionally move reservations bookings</source>
        <translation>Responsables: lier ce client à un doublon; au besoin, transférer ses réservations dans reservations</translation>
    </message>
    <message>
        <source>Open a customer known to reservations first: the note lives there.</source>
        <translation>Ouvrir d&apos;abord un client connu de reservations: la note y est enregistrée.</translation>
    </message>
    <message>
        <source>This store has no queue in this window.</source>
        <translation>Ce magasin n&apos;a pas de file d&apos;attente dans cette fenêtre.</translation>
    </message>
    <message>
        <source>Open a saved customer first.</source>
        <translation>Ouvrir d&apos;abord un client enregistré.</translation>
    </message>
    <message>
        <source>Ticket {ticket} is no longer in the queue.</source>
        <translation>Le ticket {ticket} n&apos;est plus dans la file d&apos;attente.</translation>
    </message>
    <message>
        <source>That customer is not in this PC&apos;s cache any more.</source>
        <translation>Ce client n&apos;est plus dans les données de ce poste.</translation>
    </message>
    <message>
        <source>Syncing now…</source>
        <translation>Synchronisation en cours…</translation>
    </message>
    <message>
        <source>Profiles cannot be opened in this window.</source>
        <translation>Impossible d&apos;ouvrir les fiches dans cette fenêtre.</translation>
    </message>
    <message>
        <source>customer {number}</source>
        <translation>client {number}</translation>
    </message>
    <message>
        <source>Selected {who}. Profiles cannot be opened in this window.</source>
        <translation>Sélection: {who}. Impossible d&apos;ouvrir les fiches dans cette fenêtre.</translation>
    </message>
    <message>
        <source>Reading where the Qudini short link points…</source>
        <translation>Lecture de la destination du lien court Qudini…</translation>
    </message>
    <message>
        <source>The customer cache could not be read ({reason}).</source>
        <translation>Impossible de lire les données clients de ce poste ({reason}).</translation>
    </message>
</context>
<context>
    <name>ManagerButton</name>
    <message>
        <source>Staff — unlock manager mode ({key})</source>
        <translation>Personnel — déverrouiller le mode responsable ({key})</translation>
    </message>
    <message>
        <source>Manager mode (PIN) adds and removes blacklist entries, links customers, exports and shows the audit log</source>
        <translation>Le mode responsable (code PIN) permet d&apos;ajouter et de retirer des entrées de la liste noire, de lier des clients, d&apos;exporter et de consulter le journal</translation>
    </message>
    <message>
        <source>Staff mode: unlock manager mode</source>
        <translation>Mode personnel: déverrouiller le mode responsable</translation>
    </message>
    <message numerus="yes">
        <source>Manager (locks in {count} min) — lock ({key})</source>
        <translation>
            <numerusform>Responsable (verrouillage dans {count} min) — verrouiller ({key})</numerusform>
            <numerusform>Responsable (verrouillage dans {count} min) — verrouiller ({key})</numerusform>
        </translation>
    </message>
    <message>
        <source>Locks itself after a while without use; press to lock now</source>
        <translation>Se verrouille tout seul après un moment sans utilisation; appuyer pour verrouiller tout de suite</translation>
    </message>
    <message numerus="yes">
        <source>Manager mode, locks in {count} minute(s): lock now</source>
        <translation>
            <numerusform>Mode responsable, verrouillage dans {count} minute: verrouiller maintenant</numerusform>
            <numerusform>Mode responsable, verrouillage dans {count} minutes: verrouiller maintenant</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <source>(no name)</source>
        <translation>(sans nom)</translation>
    </message>
    <message>
        <source>{vendor}: {name} (walk-in placeholder)</source>
        <translation>{vendor}: {name} (fiche provisoire sans rendez-vous)</translation>
    </message>
    <message>
        <source>{vendor}: {name}</source>
        <comment>a record: vendor: name</comment>
        <translation>{vendor}: {name}</translation>
    </message>
    <message>
        <source>no records</source>
        <translation>aucune fiche</translation>
    </message>
    <message>
        <source>Link duplicates</source>
        <translation>Lier les doublons</translation>
    </message>
    <message>
        <source>Review…</source>
        <translation>Vérifier…</translation>
    </message>
    <message>
        <source>Review what will happen</source>
        <translation>Vérifier ce qui va se passer</translation>
    </message>
    <message>
        <source>Shows the plan and asks before doing it</source>
        <translation>Affiche le plan et demande confirmation avant de l&apos;exécuter</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Close the dialog</source>
        <translation>Fermer la fenêtre</translation>
    </message>
    <message>
        <source>Manual links of this customer:</source>
        <translation>Liens manuels de ce client:</translation>
    </message>
    <message>
        <source>Link duplicates of {name}</source>
        <translation>Lier les doublons: {name}</translation>
    </message>
    <message>
        <source>Find the other customer record (the duplicate):</source>
        <translation>Trouver l&apos;autre fiche client (le doublon):</translation>
    </message>
    <message>
        <source>Find the other customer record</source>
        <translation>Trouver l&apos;autre fiche client</translation>
    </message>
    <message>
        <source>Type a name, email or phone, then pick with Enter</source>
        <translation>Saisir un nom, un e-mail ou un téléphone, puis choisir avec Enter</translation>
    </message>
    <message>
        <source>Customers found</source>
        <translation>Clients trouvés</translation>
    </message>
    <message>
        <source>No other customer picked yet.</source>
        <translation>Aucun autre client choisi pour l&apos;instant.</translation>
    </message>
    <message>
        <source>Link these two customers on this PC (local and reversible: Unlink below undoes it)</source>
        <translation>Lier ces deux clients sur ce poste (local et réversible: Dissocier ci-dessous l&apos;annule)</translation>
    </message>
    <message>
        <source>Link these two customers on this PC</source>
        <translation>Lier ces deux clients sur ce poste</translation>
    </message>
    <message>
        <source>Local and reversible: Unlink below undoes it</source>
        <translation>Local et réversible: Dissocier ci-dessous l&apos;annule</translation>
    </message>
    <message>
        <source>Changes the reservations server; it cannot be undone from Clientdesk</source>
        <translation>Modifie le serveur reservations; impossible à annuler depuis Clientdesk</translation>
    </message>
    <message>
        <source>Also move bookings on the reservations server</source>
        <translation>Déplacer aussi les réservations sur le serveur reservations</translation>
    </message>
    <message>
        <source>Confirm what will happen</source>
        <translation>Confirmer ce qui va se passer</translation>
    </message>
    <message>
        <source>Yes, do it</source>
        <translation>Oui, lancer</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Retour</translation>
    </message>
    <message>
        <source>Back: change nothing</source>
        <translation>Retour: ne rien changer</translation>
    </message>
    <message>
        <source>This customer: {records}</source>
        <translation>Ce client: {records}</translation>
    </message>
    <message>
        <source>None: this customer was never linked by hand.</source>
        <translation>Aucun: ce client n&apos;a jamais été lié à la main.</translation>
    </message>
    <message>
        <source>{first} ({first_vendor}) + {second} ({second_vendor})</source>
        <translation>{first} ({first_vendor}) + {second} ({second_vendor})</translation>
    </message>
    <message>
        <source>Unlink</source>
        <translation>Dissocier</translation>
    </message>
    <message>
        <source>Unlink {first} and {second}</source>
        <translation>Dissocier {first} et {second}</translation>
    </message>
    <message>
        <source>Other customer: {records} — that is this customer already</source>
        <translation>Autre client: {records} — c&apos;est déjà ce client</translation>
    </message>
    <message>
        <source>Other customer: {records}</source>
        <translation>Autre client: {records}</translation>
    </message>
    <message>
        <source>{name} has no reservations record: there is nothing to move.</source>
        <translation>{name} n&apos;a pas de fiche dans reservations: rien à déplacer.</translation>
    </message>
    <message>
        <source>One of them has no reservations record: there is nothing to move.</source>
        <translation>L&apos;un des deux n&apos;a pas de fiche dans reservations: rien à déplacer.</translation>
    </message>
    <message>
        <source>Reservations moves bookings only away from a walk-in placeholder record, and neither of these is one: nothing would move.</source>
        <translation>Le serveur reservations ne déplace des réservations que depuis une fiche provisoire de client sans rendez-vous, et aucune de ces deux fiches n&apos;en est une: rien ne serait déplacé.</translation>
    </message>
    <message>
        <source>Pick the other customer to see what could move.</source>
        <translation>Choisir l&apos;autre client pour voir ce qui pourrait être déplacé.</translation>
    </message>
    <message numerus="yes">
        <source>Also move {count} booking(s) on the reservations server from “{source}” to “{target}”</source>
        <translation>
            <numerusform>Déplacer aussi {count} réservation sur le serveur reservations de « {source} » vers « {target} »</numerusform>
            <numerusform>Déplacer aussi {count} réservations sur le serveur reservations de « {source} » vers « {target} »</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>From the walk-in placeholder record {source} ({count} booking(s), reservations says now) to the customer record {target}. Sent when reservations answers; it cannot be undone from Clientdesk.</source>
        <translation>
            <numerusform>Depuis la fiche provisoire sans rendez-vous {source} ({count} réservation, chiffre actuel de reservations) vers la fiche client {target}. Envoyé dès que reservations répond; impossible à annuler depuis Clientdesk.</numerusform>
            <numerusform>Depuis la fiche provisoire sans rendez-vous {source} ({count} réservations, chiffre actuel de reservations) vers la fiche client {target}. Envoyé dès que reservations répond; impossible à annuler depuis Clientdesk.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>From the walk-in placeholder record {source} ({count} booking(s), as last synced; reservations could not be asked ({error})) to the customer record {target}. Sent when reservations answers; it cannot be undone from Clientdesk.</source>
        <translation>
            <numerusform>Depuis la fiche provisoire sans rendez-vous {source} ({count} réservation, selon la dernière synchronisation; reservations n&apos;a pas pu être interrogé ({error})) vers la fiche client {target}. Envoyé dès que reservations répond; impossible à annuler depuis Clientdesk.</numerusform>
            <numerusform>Depuis la fiche provisoire sans rendez-vous {source} ({count} réservations, selon la dernière synchronisation; reservations n&apos;a pas pu être interrogé ({error})) vers la fiche client {target}. Envoyé dès que reservations répond; impossible à annuler depuis Clientdesk.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>From the walk-in placeholder record {source} ({count} booking(s), as last synced) to the customer record {target}. Sent when reservations answers; it cannot be undone from Clientdesk.</source>
        <translation>
            <numerusform>Depuis la fiche provisoire sans rendez-vous {source} ({count} réservation, selon la dernière synchronisation) vers la fiche client {target}. Envoyé dès que reservations répond; impossible à annuler depuis Clientdesk.</numerusform>
            <numerusform>Depuis la fiche provisoire sans rendez-vous {source} ({count} réservations, selon la dernière synchronisation) vers la fiche client {target}. Envoyé dès que reservations répond; impossible à annuler depuis Clientdesk.</numerusform>
        </translation>
    </message>
    <message>
        <source>this customer</source>
        <translation>ce client</translation>
    </message>
    <message>
        <source>the other customer</source>
        <translation>l&apos;autre client</translation>
    </message>
    <message>
        <source>This will link {this} and {other} on this PC (one customer in search and profiles; Unlink undoes it).</source>
        <translation>Cela va lier {this} et {other} sur ce poste (un seul client dans la recherche et les fiches; Dissocier l&apos;annule).</translation>
    </message>
    <message numerus="yes">
        <source>This will link {this} and {other} on this PC (one customer in search and profiles; Unlink undoes it); and ask reservations to move {count} booking(s) from “{source}” (placeholder) to “{target}” — not undoable here.</source>
        <translation>
            <numerusform>Cela va lier {this} et {other} sur ce poste (un seul client dans la recherche et les fiches; Dissocier l&apos;annule), et demander à reservations de déplacer {count} réservation de « {source} » (fiche provisoire) vers « {target} » — impossible à annuler ici.</numerusform>
            <numerusform>Cela va lier {this} et {other} sur ce poste (un seul client dans la recherche et les fiches; Dissocier l&apos;annule), et demander à reservations de déplacer {count} réservations de « {source} » (fiche provisoire) vers « {target} » — impossible à annuler ici.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>This will ask reservations to move {count} booking(s) from “{source}” (placeholder) to “{target}” — not undoable here.</source>
        <translation>
            <numerusform>Cela va demander à reservations de déplacer {count} réservation de « {source} » (fiche provisoire) vers « {target} » — impossible à annuler ici.</numerusform>
            <numerusform>Cela va demander à reservations de déplacer {count} réservations de « {source} » (fiche provisoire) vers « {target} » — impossible à annuler ici.</numerusform>
        </translation>
    </message>
    <message>
        <source>Manager mode locked meanwhile: unlock it again.</source>
        <translation>Le mode responsable s&apos;est verrouillé entre-temps: le déverrouiller à nouveau.</translation>
    </message>
    <message>
        <source>Linked on this PC.</source>
        <translation>Liés sur ce poste.</translation>
    </message>
    <message>
        <source>The bookings transfer is queued (pending until reservations confirms it).</source>
        <translation>Le transfert des réservations est programmé (en attente jusqu&apos;à ce que reservations le confirme).</translation>
    </message>
    <message>
        <source>Unlinked: they are two customers again on this PC.</source>
        <translation>Dissociés: ce sont de nouveau deux clients sur ce poste.</translation>
    </message>
</context>
<context>
    <name>Modes</name>
    <message>
        <source>staff</source>
        <translation>employé</translation>
    </message>
    <message>
        <source>manager</source>
        <translation>responsable</translation>
    </message>
</context>
<context>
    <name>NoteEditor</name>
    <message>
        <source>{count} / {limit} — too long</source>
        <translation>{count} / {limit} — trop long</translation>
    </message>
    <message>
        <source>{count} / {limit}</source>
        <comment>characters typed / the limit</comment>
        <translation>{count} / {limit}</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>aucun motif indiqué</translation>
    </message>
    <message>
        <source>Not sent: the note on {vendor} changed since you began. Choose a version.</source>
        <translation>Non envoyée: la note dans {vendor} a changé depuis le début de votre saisie. Choisir une version.</translation>
    </message>
    <message>
        <source>Not sent — {vendor} refused it: {reason}</source>
        <translation>Non envoyée — {vendor} l&apos;a refusée: {reason}</translation>
    </message>
    <message>
        <source>Pending — saved on this PC; {vendor} could not be reached, next try at {when}. It is sent as soon as {vendor} answers.</source>
        <translation>En attente — enregistrée sur ce poste; {vendor} est injoignable, prochain essai à {when}. Elle sera envoyée dès que {vendor} répondra.</translation>
    </message>
    <message>
        <source>Pending — saved on this PC; {vendor} could not be reached. It is sent as soon as {vendor} answers.</source>
        <translation>En attente — enregistrée sur ce poste; {vendor} est injoignable. Elle sera envoyée dès que {vendor} répondra.</translation>
    </message>
    <message>
        <source>Pending — saved on this PC, on its way to {vendor}.</source>
        <translation>En attente — enregistrée sur ce poste, en cours d&apos;envoi à {vendor}.</translation>
    </message>
    <message>
        <source>Reservations note</source>
        <translation>Note dans reservations</translation>
    </message>
    <message>
        <source>Note (plain text)</source>
        <translation>Note (texte brut)</translation>
    </message>
    <message>
        <source>Characters in the note, and the limit</source>
        <translation>Nombre de caractères de la note et limite</translation>
    </message>
    <message>
        <source>Staff note kept on reservations; up to {limit} characters. Save with {key}.</source>
        <translation>Note du personnel conservée dans reservations; {limit} caractères maximum. Enregistrer avec {key}.</translation>
    </message>
    <message>
        <source>No note. Type one here, then Save.</source>
        <translation>Aucune note. En saisir une ici, puis enregistrer.</translation>
    </message>
    <message>
        <source>Save note ({key})</source>
        <translation>Enregistrer la note ({key})</translation>
    </message>
    <message>
        <source>Save the note</source>
        <translation>Enregistrer la note</translation>
    </message>
    <message>
        <source>Undo changes</source>
        <translation>Annuler les modifications</translation>
    </message>
    <message>
        <source>Undo changes to the note</source>
        <translation>Annuler les modifications de la note</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Réessayer</translation>
    </message>
    <message>
        <source>Send the note again</source>
        <translation>Renvoyer la note</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Abandonner</translation>
    </message>
    <message>
        <source>Discard the note that was not sent</source>
        <translation>Abandonner la note non envoyée</translation>
    </message>
    <message>
        <source>Whether the note has reached reservations</source>
        <translation>État d&apos;envoi de la note vers reservations</translation>
    </message>
    <message>
        <source>The note could not be read from the cache ({error}).</source>
        <translation>Impossible de lire la note dans les données de ce poste ({error}).</translation>
    </message>
    <message>
        <source>Your unsaved changes to this note are back: Save or Undo.</source>
        <translation>Vos modifications non enregistrées de la note sont restaurées: les enregistrer ou les annuler.</translation>
    </message>
    <message>
        <source>Saved on reservations ({when}).</source>
        <translation>Enregistrée dans reservations ({when}).</translation>
    </message>
    <message>
        <source>The note could not be saved on this PC ({error}). Nothing was changed; try again.</source>
        <translation>Impossible d&apos;enregistrer la note sur ce poste ({error}). Rien n&apos;a été modifié; réessayer.</translation>
    </message>
    <message>
        <source>The note on reservations was kept; yours was discarded.</source>
        <translation>La note de reservations a été conservée; la vôtre a été abandonnée.</translation>
    </message>
    <message>
        <source>Discarded: the note on reservations shows again after the next sync ({key}).</source>
        <translation>Abandonnée: la note de reservations réapparaîtra après la prochaine synchronisation ({key}).</translation>
    </message>
</context>
<context>
    <name>OnlineLookupBar</name>
    <message>
        <source>{first} and {last}</source>
        <translation>{first} et {last}</translation>
    </message>
    <message>
        <source>Online lookup</source>
        <translation>Recherche en ligne</translation>
    </message>
    <message>
        <source>Nobody on this PC matches: look the customer up at the vendors</source>
        <translation>Personne ne correspond sur ce poste: rechercher le client auprès des services</translation>
    </message>
    <message>
        <source>Customers found at the vendors</source>
        <translation>Clients trouvés auprès des services</translation>
    </message>
    <message>
        <source>Enter opens the highlighted customer and keeps their record on this PC</source>
        <translation>Enter ouvre le client sélectionné et conserve sa fiche sur ce poste</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Réessayer</translation>
    </message>
    <message>
        <source>Ask the vendors again</source>
        <translation>Interroger à nouveau les services</translation>
    </message>
    <message>
        <source>Look up now</source>
        <translation>Rechercher maintenant</translation>
    </message>
    <message>
        <source>Look up at the vendors now</source>
        <translation>Rechercher auprès des services maintenant</translation>
    </message>
    <message>
        <source>Nobody on this PC has the email {contact}, and no vendor of this store can look up by email.</source>
        <translation>Personne sur ce poste n&apos;a l&apos;e-mail {contact}, et aucun service de ce magasin ne permet de rechercher par e-mail.</translation>
    </message>
    <message>
        <source>Nobody on this PC has the phone number {contact}, and no vendor of this store can look up by phone number.</source>
        <translation>Personne sur ce poste n&apos;a le numéro de téléphone {contact}, et aucun service de ce magasin ne permet de rechercher par numéro de téléphone.</translation>
    </message>
    <message>
        <source>Nobody on this PC has the email {contact}. Looking it up at {vendors} in a moment — Enter to ask now.</source>
        <translation>Personne sur ce poste n&apos;a l&apos;e-mail {contact}. Recherche auprès de {vendors} dans un instant — Enter pour lancer maintenant.</translation>
    </message>
    <message>
        <source>Nobody on this PC has the phone number {contact}. Looking it up at {vendors} in a moment — Enter to ask now.</source>
        <translation>Personne sur ce poste n&apos;a le numéro de téléphone {contact}. Recherche auprès de {vendors} dans un instant — Enter pour lancer maintenant.</translation>
    </message>
    <message>
        <source>Asking {vendors} about the email {contact}…</source>
        <translation>Interrogation de {vendors} sur l&apos;e-mail {contact}…</translation>
    </message>
    <message>
        <source>Asking {vendors} about the phone number {contact}…</source>
        <translation>Interrogation de {vendors} sur le numéro de téléphone {contact}…</translation>
    </message>
    <message>
        <source>Pick the right one: Enter opens it.</source>
        <translation>Choisir le bon client: Enter l&apos;ouvre.</translation>
    </message>
    <message>
        <source>Enter opens them.</source>
        <comment>one customer was found</comment>
        <translation>Enter l&apos;ouvre.</translation>
    </message>
    <message>
        <source>{name} could not be kept on this PC ({reason}); try again.</source>
        <translation>Impossible de conserver {name} sur ce poste ({reason}); réessayer.</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <source>Set the manager PIN</source>
        <translation>Définir le code PIN responsable</translation>
    </message>
    <message>
        <source>Manager mode</source>
        <translation>Mode responsable</translation>
    </message>
    <message>
        <source>Manager PIN</source>
        <translation>Code PIN responsable</translation>
    </message>
    <message>
        <source>6 to 12 digits</source>
        <translation>6 à 12 chiffres</translation>
    </message>
    <message>
        <source>&amp;PIN:</source>
        <translation>Code &amp;PIN:</translation>
    </message>
    <message>
        <source>Manager PIN again</source>
        <translation>Code PIN responsable (confirmation)</translation>
    </message>
    <message>
        <source>The same PIN once more</source>
        <translation>Le même code PIN une deuxième fois</translation>
    </message>
    <message>
        <source>PIN &amp;again:</source>
        <translation>&amp;Confirmer le PIN:</translation>
    </message>
    <message>
        <source>Set PIN and unlock</source>
        <translation>Définir le PIN et déverrouiller</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Déverrouiller</translation>
    </message>
    <message>
        <source>Cancel: stay in staff mode</source>
        <translation>Annuler: rester en mode employé</translation>
    </message>
    <message>
        <source>No manager PIN is set on this PC yet. Choose one now: 6 to 12 digits, typed twice. Only its salted hash is kept.</source>
        <translation>Aucun code PIN responsable n&apos;est défini sur ce poste. En choisir un maintenant: 6 à 12 chiffres, saisis deux fois. Seule son empreinte salée est conservée.</translation>
    </message>
    <message numerus="yes">
        <source>Enter the manager PIN to add or remove blacklist entries, link customers and export. Manager mode locks itself after {count} minute(s) without use.</source>
        <translation>
            <numerusform>Saisir le code PIN responsable pour ajouter ou retirer des entrées de la liste noire, lier des clients et exporter. Le mode responsable se verrouille après {count} minute sans utilisation.</numerusform>
            <numerusform>Saisir le code PIN responsable pour ajouter ou retirer des entrées de la liste noire, lier des clients et exporter. Le mode responsable se verrouille après {count} minutes sans utilisation.</numerusform>
        </translation>
    </message>
    <message>
        <source>The two PINs are not the same. Type the same PIN twice.</source>
        <translation>Les deux codes PIN ne sont pas identiques. Saisir deux fois le même code PIN.</translation>
    </message>
</context>
<context>
    <name>ProfilePanel</name>
    <message>
        <source>Boo&amp;kings</source>
        <translation>&amp;Historique</translation>
    </message>
    <message>
        <source>&amp;Loyalty</source>
        <translation>Fi&amp;délité</translation>
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
        <translation>Fiche client</translation>
    </message>
    <message>
        <source>No customer open.

Pick one in the results (Enter or double-click), or scan or paste their Qudini booking link into the search box and press Enter.</source>
        <translation>Aucun client ouvert.

Choisir un client dans les résultats (Enter ou double-clic), ou scanner ou coller son lien de réservation Qudini dans la zone de recherche, puis appuyer sur Enter.</translation>
    </message>
    <message>
        <source>This customer is on a blacklist</source>
        <translation>Ce client est sur liste noire</translation>
    </message>
    <message>
        <source>Possibly the same person</source>
        <translation>Peut-être la même personne</translation>
    </message>
    <message>
        <source>Vendor sections</source>
        <translation>Sections par service</translation>
    </message>
    <message>
        <source>What each vendor knows about this customer; arrow keys scroll</source>
        <translation>Ce que chaque service sait de ce client; les flèches font défiler</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Close the profile</source>
        <translation>Fermer la fiche</translation>
    </message>
    <message>
        <source>Reveal</source>
        <translation>Afficher</translation>
    </message>
    <message>
        <source>Reveal the contacts</source>
        <translation>Afficher les coordonnées</translation>
    </message>
    <message>
        <source>Show the full email addresses and phone numbers</source>
        <translation>Afficher les adresses e-mail et les numéros de téléphone en entier</translation>
    </message>
    <message>
        <source>Linked records of this customer disagree</source>
        <translation>Les fiches liées de ce client ne concordent pas</translation>
    </message>
    <message>
        <source>Vendors that know this customer</source>
        <translation>Services qui connaissent ce client</translation>
    </message>
    <message>
        <source>Bookings, all vendors</source>
        <translation>Réservations, tous services</translation>
    </message>
    <message>
        <source>Show bookings from</source>
        <translation>Afficher les réservations provenant de</translation>
    </message>
    <message>
        <source>All sources</source>
        <translation>Toutes les sources</translation>
    </message>
    <message>
        <source>Show bookings with status</source>
        <translation>Afficher les réservations au statut</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Tous les statuts</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>&amp;Source:</translation>
    </message>
    <message>
        <source>S&amp;tatus:</source>
        <translation>S&amp;tatut:</translation>
    </message>
    <message>
        <source>Load older</source>
        <translation>Charger les anciennes</translation>
    </message>
    <message>
        <source>Load older bookings</source>
        <translation>Charger les réservations plus anciennes</translation>
    </message>
    <message>
        <source>Ask Booxi for two more years of booking history</source>
        <translation>Demander à Booxi deux ans d&apos;historique de plus</translation>
    </message>
    <message>
        <source>Bookings timeline</source>
        <translation>Historique des réservations</translation>
    </message>
    <message>
        <source>Bookings from every vendor: upcoming first, soonest at the top</source>
        <translation>Réservations de tous les services: à venir d&apos;abord, la plus proche en haut</translation>
    </message>
    <message>
        <source>Booking rows</source>
        <translation>Lignes des réservations</translation>
    </message>
    <message>
        <source>Booking columns</source>
        <translation>Colonnes des réservations</translation>
    </message>
    <message>
        <source>Bookings and vendor sections</source>
        <translation>Réservations et sections par service</translation>
    </message>
    <message>
        <source>One page for the bookings of every vendor, then one per vendor</source>
        <translation>Une page pour les réservations de tous les services, puis une par service</translation>
    </message>
    <message>
        <source>Profile pages</source>
        <translation>Pages de la fiche</translation>
    </message>
    <message>
        <source>Bookings, then each vendor&apos;s section; Alt and the underlined letter opens one</source>
        <translation>Réservations, puis la section de chaque service; Alt et la lettre soulignée en ouvre une</translation>
    </message>
    <message>
        <source>Arrow keys scroll</source>
        <translation>Les flèches font défiler</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>Ouverture…</translation>
    </message>
    <message>
        <source>This customer could not be read from the cache ({problem}).</source>
        <translation>Impossible de lire ce client dans les données de ce poste ({problem}).</translation>
    </message>
    <message>
        <source>This customer is no longer in this store&apos;s records (they may have been merged or removed by the last sync). Search again.</source>
        <translation>Ce client ne figure plus dans les fiches de ce magasin (il a peut-être été fusionné ou supprimé lors de la dernière synchronisation). Relancer la recherche.</translation>
    </message>
    <message>
        <source>Customer not shown</source>
        <translation>Client non affiché</translation>
    </message>
    <message numerus="yes">
        <source>⚠ %Ln no-show(s) (all vendors)</source>
        <translation>
            <numerusform>⚠ %Ln absence (tous services)</numerusform>
            <numerusform>⚠ %Ln absences (tous services)</numerusform>
        </translation>
    </message>
    <message>
        <source>No-shows: none</source>
        <translation>Absences: aucune</translation>
    </message>
    <message>
        <source>Booxi history since {date}</source>
        <translation>Historique Booxi depuis le {date}</translation>
    </message>
    <message>
        <source>{points} · {problem}</source>
        <comment>points, then a problem</comment>
        <translation>{points} · {problem}</translation>
    </message>
    <message>
        <source>Loyalty (LOKE): {points}</source>
        <translation>Fidélité (LOKE): {points}</translation>
    </message>
    <message>
        <source>Qudini booking</source>
        <translation>Réservation Qudini</translation>
    </message>
    <message>
        <source>Only this Qudini booking is known: it is not linked to a customer record of this store.</source>
        <translation>Seule cette réservation Qudini est connue: elle n&apos;est liée à aucune fiche client de ce magasin.</translation>
    </message>
    <message>
        <source>(no name on file)</source>
        <translation>(aucun nom enregistré)</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>aucun motif indiqué</translation>
    </message>
    <message>
        <source>⚠ BLACKLISTED — {reason}</source>
        <translation>⚠ SUR LISTE NOIRE — {reason}</translation>
    </message>
    <message>
        <source>Blacklisted: {reason}</source>
        <translation>Sur liste noire: {reason}</translation>
    </message>
    <message>
        <source>Marketing: {consent}</source>
        <translation>Marketing: {consent}</translation>
    </message>
    <message>
        <source>⚠ Records differ — {details}</source>
        <translation>⚠ Les fiches diffèrent — {details}</translation>
    </message>
    <message>
        <source>Birthday: {date} — ★ birthday today</source>
        <translation>Anniversaire: {date} — ★ anniversaire aujourd&apos;hui</translation>
    </message>
    <message>
        <source>Birthday: {date} — ★ birthday this week</source>
        <translation>Anniversaire: {date} — ★ anniversaire cette semaine</translation>
    </message>
    <message>
        <source>Birthday: {date}</source>
        <translation>Anniversaire: {date}</translation>
    </message>
    <message>
        <source>No email or phone on file</source>
        <translation>Aucun e-mail ni téléphone enregistré</translation>
    </message>
    <message>
        <source>Linked by: {reasons}</source>
        <translation>Lié par: {reasons}</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Masquer</translation>
    </message>
    <message>
        <source>Hide the contacts</source>
        <translation>Masquer les coordonnées</translation>
    </message>
    <message>
        <source>No customer with this name is saved on this PC. Search for them by email or phone to see their other records.</source>
        <translation>Aucun client de ce nom n&apos;est enregistré sur ce poste. Le rechercher par e-mail ou par téléphone pour voir ses autres fiches.</translation>
    </message>
    <message>
        <source>Possibly the same person (same name). Check with the customer, then link this booking to them:</source>
        <translation>Peut-être la même personne (même nom). Vérifier avec le client, puis lier cette réservation à sa fiche:</translation>
    </message>
    <message>
        <source>⚠ blacklisted</source>
        <translation>⚠ sur liste noire</translation>
    </message>
    <message>
        <source>Link to {customer}</source>
        <translation>Lier à {customer}</translation>
    </message>
    <message>
        <source>Link this booking to {name}</source>
        <translation>Lier cette réservation à {name}</translation>
    </message>
    <message>
        <source>Known to {vendor}</source>
        <translation>Connu de {vendor}</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>Points</translation>
    </message>
    <message>
        <source>Total spend</source>
        <translation>Dépenses totales</translation>
    </message>
    <message>
        <source>Last spend</source>
        <translation>Dernière dépense</translation>
    </message>
    <message>
        <source>Last earn</source>
        <translation>Derniers points gagnés</translation>
    </message>
    <message>
        <source>Last redeem</source>
        <translation>Dernière utilisation de points</translation>
    </message>
    <message>
        <source>Lists</source>
        <translation>Listes</translation>
    </message>
    <message>
        <source>none</source>
        <comment>no lists</comment>
        <translation>aucune</translation>
    </message>
    <message>
        <source>Walk-in placeholder record — not a real customer&apos;s profile</source>
        <translation>Fiche provisoire pour client sans rendez-vous — pas une vraie fiche client</translation>
    </message>
    <message>
        <source>Times booked</source>
        <translation>Nombre de réservations</translation>
    </message>
    <message>
        <source>Cancelled by customer</source>
        <translation>Annulées par le client</translation>
    </message>
    <message>
        <source>Upcoming</source>
        <translation>À venir</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Terminées</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Reservations note</source>
        <translation>Note dans reservations</translation>
    </message>
    <message>
        <source>Staff note from reservations (read-only here)</source>
        <translation>Note du personnel venant de reservations (lecture seule ici)</translation>
    </message>
    <message>
        <source>no note</source>
        <translation>aucune note</translation>
    </message>
    <message>
        <source>Booking {reference}</source>
        <translation>Réservation {reference}</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>File d&apos;attente</translation>
    </message>
    <message>
        <source>Venue</source>
        <translation>Lieu</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Prestation</translation>
    </message>
    <message>
        <source>Starts</source>
        <translation>Début</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>Group size</source>
        <translation>Taille du groupe</translation>
    </message>
    <message>
        <source>Wait</source>
        <translation>Attente</translation>
    </message>
    <message numerus="yes">
        <source>about %Ln min</source>
        <comment>minutes left to wait</comment>
        <translation>
            <numerusform>environ %Ln min</numerusform>
            <numerusform>environ %Ln min</numerusform>
        </translation>
    </message>
    <message>
        <source>Question {number}</source>
        <translation>Question {number}</translation>
    </message>
    <message>
        <source>Answers</source>
        <translation>Réponses</translation>
    </message>
    <message>
        <source>none</source>
        <comment>no answers</comment>
        <translation>aucune</translation>
    </message>
    <message>
        <source>Bookings found</source>
        <translation>Réservations trouvées</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Depuis</translation>
    </message>
    <message>
        <source>Unreadable</source>
        <translation>Illisibles</translation>
    </message>
    <message numerus="yes">
        <source>%Ln booking(s) could not be read</source>
        <translation>
            <numerusform>%Ln réservation illisible</numerusform>
            <numerusform>%Ln réservations illisibles</numerusform>
        </translation>
    </message>
    <message>
        <source>Quick note</source>
        <translation>Note rapide</translation>
    </message>
    <message>
        <source>Request {date}</source>
        <translation>Demande du {date}</translation>
    </message>
    <message numerus="yes">
        <source>%Ln booking(s)</source>
        <translation>
            <numerusform>%Ln réservation</numerusform>
            <numerusform>%Ln réservations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{shown} of %Ln booking(s) shown</source>
        <translation>
            <numerusform>{shown} sur %Ln réservation affichée</numerusform>
            <numerusform>{shown} sur %Ln réservations affichées</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProfileText</name>
    <message>
        <source>never</source>
        <comment>no date for this</comment>
        <translation>jamais</translation>
    </message>
    <message>
        <source>no date</source>
        <translation>sans date</translation>
    </message>
    <message>
        <source>no data saved</source>
        <translation>aucune donnée enregistrée</translation>
    </message>
    <message>
        <source>as of {when}</source>
        <translation>mis à jour: {when}</translation>
    </message>
    <message>
        <source>{n}st</source>
        <comment>ordinal, CLDR category one: 1st, 21st (French 1er)</comment>
        <translation>{n}er</translation>
    </message>
    <message>
        <source>{n}nd</source>
        <comment>ordinal, CLDR category two: 2nd, 22nd</comment>
        <translation>{n}e</translation>
    </message>
    <message>
        <source>{n}rd</source>
        <comment>ordinal, CLDR category few: 3rd, 23rd</comment>
        <translation>{n}e</translation>
    </message>
    <message>
        <source>{n}th</source>
        <comment>ordinal, CLDR category other: 4th, 11th (French 2e)</comment>
        <translation>{n}e</translation>
    </message>
    <message>
        <source>{place} of {length}</source>
        <comment>a place in a queue: 3rd of 8</comment>
        <translation>{place} sur {length}</translation>
    </message>
    <message>
        <source>{queue}, {place}</source>
        <comment>a queue&apos;s name and a place in it</comment>
        <translation>{queue}, {place}</translation>
    </message>
    <message>
        <source>Not found in {vendor}</source>
        <translation>Introuvable dans {vendor}</translation>
    </message>
    <message>
        <source>This store does not use {vendor}</source>
        <translation>Ce magasin n&apos;utilise pas {vendor}</translation>
    </message>
    <message>
        <source>nothing to look {vendor} up by</source>
        <translation>aucune donnée pour rechercher dans {vendor}</translation>
    </message>
    <message>
        <source>Not fetched yet</source>
        <translation>Pas encore récupéré</translation>
    </message>
    <message>
        <source>⚠ {vendor} unreachable</source>
        <translation>⚠ {vendor} injoignable</translation>
    </message>
    <message>
        <source>{vendor} refused the request</source>
        <translation>{vendor} a refusé la demande</translation>
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
        <translation>Appeler le suivant dans cette file</translation>
    </message>
    <message>
        <source>Call this ticket</source>
        <translation>Appeler ce ticket</translation>
    </message>
    <message>
        <source>Recall (call again)</source>
        <translation>Rappeler (appeler à nouveau)</translation>
    </message>
    <message>
        <source>Mark served</source>
        <translation>Marquer servi</translation>
    </message>
    <message>
        <source>Mark no-show</source>
        <translation>Marquer absent</translation>
    </message>
    <message>
        <source>Return to queue</source>
        <translation>Remettre dans la file</translation>
    </message>
    <message>
        <source>Cancel (remove from queue)</source>
        <translation>Annuler (retirer de la file)</translation>
    </message>
</context>
<context>
    <name>QueueAlerts</name>
    <message>
        <source>Clientdesk — queue alerts</source>
        <translation>Clientdesk — alertes de la file</translation>
    </message>
    <message>
        <source>That ticket is no longer in the queue.</source>
        <translation>Ce ticket n&apos;est plus dans la file.</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <source>Calling…</source>
        <translation>Appel…</translation>
    </message>
    <message>
        <source>Recalling…</source>
        <translation>Rappel…</translation>
    </message>
    <message>
        <source>Serving…</source>
        <translation>Passage à servi…</translation>
    </message>
    <message>
        <source>Marking no-show…</source>
        <translation>Passage à absent…</translation>
    </message>
    <message>
        <source>Returning…</source>
        <translation>Remise dans la file…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Annulation…</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Envoi…</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Waited</source>
        <translation>Attente</translation>
    </message>
    <message>
        <source>Saved customer (this PC only)</source>
        <translation>Client enregistré (ce poste uniquement)</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Étiquettes</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <source>Place in line, or status</source>
        <translation>Place dans la file, ou statut</translation>
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
        <translation>Aucun client enregistré n&apos;a le téléphone, l&apos;e-mail ou le nom de ce ticket.</translation>
    </message>
    <message>
        <source>{customer} — Enter opens the profile</source>
        <translation>{customer} — Enter ouvre la fiche</translation>
    </message>
    <message>
        <source>Waited {wait} before being called</source>
        <translation>Attente de {wait} avant l&apos;appel</translation>
    </message>
    <message>
        <source>{wait} since the ticket was made</source>
        <translation>{wait} depuis la création du ticket</translation>
    </message>
    <message>
        <source>Waiting {wait} — longer than {limit}</source>
        <translation>En attente depuis {wait} — plus de {limit}</translation>
    </message>
    <message>
        <source>Waiting {wait}</source>
        <translation>En attente depuis {wait}</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <source>Call next</source>
        <translation>Appeler le suivant</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Appeler</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>Rappeler</translation>
    </message>
    <message>
        <source>Served</source>
        <translation>Servi</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>Absent</translation>
    </message>
    <message>
        <source>Return to queue</source>
        <translation>Remettre dans la file</translation>
    </message>
    <message>
        <source>Cancel ticket</source>
        <translation>Annuler le ticket</translation>
    </message>
    <message>
        <source>Could not call next on {who}: {reason}</source>
        <translation>Impossible d&apos;appeler le suivant ({who}): {reason}</translation>
    </message>
    <message>
        <source>Could not call {who}: {reason}</source>
        <translation>Impossible d&apos;appeler {who}: {reason}</translation>
    </message>
    <message>
        <source>Could not recall {who}: {reason}</source>
        <translation>Impossible de rappeler {who}: {reason}</translation>
    </message>
    <message>
        <source>Could not mark served {who}: {reason}</source>
        <translation>Impossible de terminer le service ({who}): {reason}</translation>
    </message>
    <message>
        <source>Could not mark as a no-show {who}: {reason}</source>
        <translation>Impossible d&apos;enregistrer l&apos;absence ({who}): {reason}</translation>
    </message>
    <message>
        <source>Could not return to the queue {who}: {reason}</source>
        <translation>Impossible de remettre {who} dans la file: {reason}</translation>
    </message>
    <message>
        <source>Could not cancel the ticket of {who}: {reason}</source>
        <translation>Impossible d&apos;annuler le ticket ({who}): {reason}</translation>
    </message>
    <message>
        <source>Called {who}.</source>
        <translation>{who}: appel effectué.</translation>
    </message>
    <message>
        <source>Called {who} again.</source>
        <translation>{who}: rappel effectué.</translation>
    </message>
    <message>
        <source>{who}: marked served.</source>
        <translation>{who}: service terminé.</translation>
    </message>
    <message>
        <source>{who}: marked as a no-show.</source>
        <translation>{who}: absence enregistrée.</translation>
    </message>
    <message>
        <source>{who}: back at the end of the queue.</source>
        <translation>{who}: de retour en fin de file.</translation>
    </message>
    <message>
        <source>{who}: removed from the queue.</source>
        <translation>{who}: ticket retiré de la file.</translation>
    </message>
    <message>
        <source>Yes, mark no-show</source>
        <translation>Oui, noter l&apos;absence</translation>
    </message>
    <message>
        <source>Yes, cancel the ticket</source>
        <translation>Oui, annuler le ticket</translation>
    </message>
    <message>
        <source>Connecting to Qminder</source>
        <translation>Connexion à Qminder</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>En direct</translation>
    </message>
    <message>
        <source>Reconnecting</source>
        <translation>Reconnexion</translation>
    </message>
    <message>
        <source>Polling</source>
        <translation>Actualisation</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Hors ligne</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>À l&apos;arrêt</translation>
    </message>
    <message>
        <source>No queue</source>
        <translation>Pas de file</translation>
    </message>
    <message>
        <source>queue as of {time}</source>
        <translation>état de la file à {time}</translation>
    </message>
    <message>
        <source>no queue loaded yet</source>
        <translation>aucune file chargée pour l&apos;instant</translation>
    </message>
    <message>
        <source>{state} — changes appear as they happen</source>
        <translation>{state} — les changements s&apos;affichent en temps réel</translation>
    </message>
    <message>
        <source>{state} every {seconds} s (live updates unavailable) — {as_of}</source>
        <translation>{state} toutes les {seconds} s (direct indisponible) — {as_of}</translation>
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
        <translation>{name}: une action est encore en cours d&apos;envoi à Qminder.</translation>
    </message>
    <message>
        <source>{name} is not waiting ({status}): only a waiting ticket can be called.</source>
        <translation>{name} n&apos;est pas en attente ({status}): seul un ticket en attente peut être appelé.</translation>
    </message>
    <message>
        <source>{name} has not been called yet: “{action}” needs a called ticket.</source>
        <translation>{name}: ticket pas encore appelé; « {action} » nécessite un ticket appelé.</translation>
    </message>
    <message>
        <source>{name} is {status}: it cannot be cancelled here.</source>
        <translation>{name} est au statut {status}: impossible d&apos;annuler ici.</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>File d&apos;attente</translation>
    </message>
    <message>
        <source>Who is waiting on each line, the selected ticket, and the queue&apos;s actions</source>
        <translation>Qui attend dans chaque file, le ticket sélectionné et les actions de la file</translation>
    </message>
    <message>
        <source>Whether the queue is live, and how fresh</source>
        <translation>Si la file est en direct, et depuis quand elle est à jour</translation>
    </message>
    <message>
        <source>The outcome of the last queue action</source>
        <translation>Le résultat de la dernière action sur la file</translation>
    </message>
    <message>
        <source>Question before a queue action</source>
        <translation>Question avant une action sur la file</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Oui</translation>
    </message>
    <message>
        <source>Key {key}</source>
        <translation>Touche {key}</translation>
    </message>
    <message>
        <source>No, keep it  (Enter / Esc)</source>
        <translation>Non, garder  (Enter / Esc)</translation>
    </message>
    <message>
        <source>No, keep the ticket</source>
        <translation>Non, garder le ticket</translation>
    </message>
    <message>
        <source>Enter or Esc; the default</source>
        <translation>Enter ou Esc; choix par défaut</translation>
    </message>
    <message>
        <source>{action}  ({key})</source>
        <comment>a queue button and its key</comment>
        <translation>{action}  ({key})</translation>
    </message>
    <message>
        <source>Add walk-in…  ({key})</source>
        <translation>Ajouter sans rendez-vous…  ({key})</translation>
    </message>
    <message>
        <source>Add a walk-in</source>
        <translation>Ajouter un client sans rendez-vous</translation>
    </message>
    <message>
        <source>Put a visitor in a line; key {key}</source>
        <translation>Mettre un client dans une file; touche {key}</translation>
    </message>
    <message>
        <source>Put a visitor in a line — key {key}</source>
        <translation>Mettre un client dans une file — touche {key}</translation>
    </message>
    <message>
        <source>Tickets in the queue</source>
        <translation>Tickets dans la file</translation>
    </message>
    <message>
        <source>Tickets per line: being served first, then waiting in order. Enter opens the matched customer&apos;s profile.</source>
        <translation>Tickets par file: d&apos;abord ceux pris en charge, puis ceux en attente, dans l&apos;ordre. Enter ouvre la fiche du client reconnu.</translation>
    </message>
    <message>
        <source>Queue columns</source>
        <translation>Colonnes de la file</translation>
    </message>
    <message>
        <source>Selected ticket</source>
        <translation>Ticket sélectionné</translation>
    </message>
    <message>
        <source>Key {key}; asks first</source>
        <translation>Touche {key}; demande confirmation</translation>
    </message>
    <message>
        <source>{action} — key {key} (asks first)</source>
        <translation>{action} — touche {key} (demande confirmation)</translation>
    </message>
    <message>
        <source>{action} — key {key}</source>
        <translation>{action} — touche {key}</translation>
    </message>
    <message>
        <source>{name} left the queue meanwhile; nothing was done.</source>
        <translation>{name} a quitté la file entre-temps; rien n&apos;a été fait.</translation>
    </message>
    <message>
        <source>{name} is not a saved customer on this PC: there is no profile to open.</source>
        <translation>{name} n&apos;est pas un client enregistré sur ce poste: aucune fiche à ouvrir.</translation>
    </message>
    <message>
        <source>Saved customers are not available in this window.</source>
        <translation>Les clients enregistrés ne sont pas disponibles dans cette fenêtre.</translation>
    </message>
    <message>
        <source>Still looking for {name} among the saved customers…</source>
        <translation>Recherche de {name} parmi les clients enregistrés…</translation>
    </message>
    <message>
        <source>{sign} No queue: {why}</source>
        <translation>{sign} Pas de file: {why}</translation>
    </message>
    <message>
        <source>The queue is still loading.</source>
        <translation>La file est encore en cours de chargement.</translation>
    </message>
    <message>
        <source>Select a ticket on the line to call next from.</source>
        <translation>Sélectionner un ticket de la file où appeler le suivant.</translation>
    </message>
    <message>
        <source>the next visitor</source>
        <translation>le client suivant</translation>
    </message>
    <message>
        <source>Select a ticket in the queue first (arrow keys or a click).</source>
        <translation>Sélectionner d&apos;abord un ticket dans la file (flèches ou clic).</translation>
    </message>
    <message>
        <source>line {id}</source>
        <translation>file {id}</translation>
    </message>
    <message>
        <source>{action}: {name}? Qminder cannot undo this.</source>
        <translation>{action}: {name}? Qminder ne pourra pas l&apos;annuler.</translation>
    </message>
    <message>
        <source>{answer}  ({key})</source>
        <comment>a yes button and its key</comment>
        <translation>{answer}  ({key})</translation>
    </message>
    <message>
        <source>Nothing was done.</source>
        <translation>Rien n&apos;a été fait.</translation>
    </message>
    <message>
        <source>{sign} A walk-in cannot be added: {why}</source>
        <translation>{sign} Impossible d&apos;ajouter un client sans rendez-vous: {why}</translation>
    </message>
    <message>
        <source>the queue is not connected yet.</source>
        <translation>la file n&apos;est pas encore connectée.</translation>
    </message>
    <message>
        <source>Added {name} to {line}. (Qminder&apos;s answer was lost; the ticket was found in the queue.)</source>
        <translation>{name} est maintenant dans la file {line}. (La réponse de Qminder s&apos;est perdue; le ticket a été retrouvé dans la file.)</translation>
    </message>
    <message>
        <source>Added {name} to {line}.</source>
        <translation>{name} est maintenant dans la file {line}.</translation>
    </message>
</context>
<context>
    <name>QueueText</name>
    <message>
        <source>&lt;1 min</source>
        <translation>&lt;1 min</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} min</translation>
    </message>
    <message>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} h {minutes} min</translation>
    </message>
    <message>
        <source>{title}: {value}</source>
        <comment>an extra field of a ticket</comment>
        <translation>{title}: {value}</translation>
    </message>
    <message>
        <source>1 no-show</source>
        <translation>1 absence</translation>
    </message>
    <message numerus="yes">
        <source>%Ln no-shows</source>
        <translation>
            <numerusform>%Ln absence</numerusform>
            <numerusform>%Ln absences</numerusform>
        </translation>
    </message>
    <message>
        <source>same phone</source>
        <translation>même téléphone</translation>
    </message>
    <message>
        <source>same email</source>
        <translation>même e-mail</translation>
    </message>
    <message>
        <source>same {how}</source>
        <translation>même {how}</translation>
    </message>
    <message>
        <source>possible match (same name only)</source>
        <translation>correspondance possible (même nom uniquement)</translation>
    </message>
    <message>
        <source>{how}: {name}</source>
        <comment>same phone: Zoë Nguyễn</comment>
        <translation>{how}: {name}</translation>
    </message>
    <message>
        <source>BLACKLISTED: {reason}</source>
        <translation>SUR LISTE NOIRE: {reason}</translation>
    </message>
    <message>
        <source>BLACKLISTED if this is them (same name only): {reason}</source>
        <translation>SUR LISTE NOIRE si c&apos;est bien cette personne (même nom uniquement): {reason}</translation>
    </message>
    <message>
        <source>nobody waiting</source>
        <translation>personne en attente</translation>
    </message>
    <message numerus="yes">
        <source>%Ln waiting</source>
        <translation>
            <numerusform>%Ln en attente</numerusform>
            <numerusform>%Ln en attente</numerusform>
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
            <numerusform>%Ln pris en charge</numerusform>
            <numerusform>%Ln pris en charge</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>nobody waiting, %Ln being served</source>
        <translation>
            <numerusform>personne en attente, %Ln pris en charge</numerusform>
            <numerusform>personne en attente, %Ln pris en charge</numerusform>
        </translation>
    </message>
    <message>
        <source>longest {wait}</source>
        <comment>the longest wait on a line</comment>
        <translation>plus longue attente {wait}</translation>
    </message>
    <message numerus="yes">
        <source>average wait today {wait} (%Ln called)</source>
        <translation>
            <numerusform>attente moyenne aujourd&apos;hui {wait} (%Ln appelé)</numerusform>
            <numerusform>attente moyenne aujourd&apos;hui {wait} (%Ln appelés)</numerusform>
        </translation>
    </message>
    <message>
        <source>average wait today: nobody called yet</source>
        <translation>attente moyenne aujourd&apos;hui: personne n&apos;a encore été appelé</translation>
    </message>
    <message>
        <source>line {id}</source>
        <translation>file {id}</translation>
    </message>
    <message>
        <source>{line} (disabled) — {stats}</source>
        <comment>a line switched off in Qminder</comment>
        <translation>{line} (désactivée) — {stats}</translation>
    </message>
    <message>
        <source>{line} — {stats}</source>
        <translation>{line} — {stats}</translation>
    </message>
    <message>
        <source>On the blacklist: {reason}</source>
        <translation>Sur liste noire: {reason}</translation>
    </message>
    <message>
        <source>Possibly on the blacklist (same name only): {reason}</source>
        <translation>Peut-être sur liste noire (même nom uniquement): {reason}</translation>
    </message>
    <message>
        <source>no line</source>
        <comment>a ticket that is on no queue line</comment>
        <translation>aucune file</translation>
    </message>
    <message>
        <source>{name} ({line}): {reason}</source>
        <comment>an alert: Priya (Returns): VIP</comment>
        <translation>{name} ({line}): {reason}</translation>
    </message>
    <message>
        <source>{name} is in the queue</source>
        <translation>{name} est dans la file</translation>
    </message>
    <message numerus="yes">
        <source>%Ln tickets to notice in the queue</source>
        <translation>
            <numerusform>%Ln ticket à surveiller dans la file</numerusform>
            <numerusform>%Ln tickets à surveiller dans la file</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %Ln more — see the queue</source>
        <comment>alerts beyond the ones listed</comment>
        <translation>
            <numerusform>et %Ln autre — voir la file</numerusform>
            <numerusform>et %Ln autres — voir la file</numerusform>
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
        <translation>(sans nom)</translation>
    </message>
    <message>
        <source>(no reason given)</source>
        <translation>(aucun motif indiqué)</translation>
    </message>
    <message>
        <source>(no status)</source>
        <translation>(aucun statut)</translation>
    </message>
    <message>
        <source>(field)</source>
        <translation>(champ)</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>en attente</translation>
    </message>
    <message>
        <source>called</source>
        <translation>appelé</translation>
    </message>
    <message>
        <source>scheduled</source>
        <translation>planifié</translation>
    </message>
    <message>
        <source>Added by staff</source>
        <translation>Ajouté par le personnel</translation>
    </message>
    <message>
        <source>Self sign-in</source>
        <translation>Inscription en libre-service</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>En ligne</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <source>Printed ticket</source>
        <translation>Ticket imprimé</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <source>No customers saved on this computer yet. They appear here as soon as the first sync finishes.</source>
        <translation>Aucun client enregistré sur ce poste pour l&apos;instant. Ils apparaîtront ici dès la fin de la première synchronisation.</translation>
    </message>
    <message>
        <source>All customers, most recent first. Type a name, email or phone number to search.</source>
        <translation>Tous les clients, les plus récents en premier. Saisir un nom, un e-mail ou un numéro de téléphone pour rechercher.</translation>
    </message>
    <message>
        <source>No customer matches “{query}”. Try part of the name, the email or the last digits of the phone number.</source>
        <translation>Aucun client ne correspond à « {query} ». Essayer une partie du nom, l&apos;e-mail ou les derniers chiffres du numéro de téléphone.</translation>
    </message>
    <message numerus="yes">
        <source>{count} customers match “{query}”</source>
        <comment>more than shown: {count} ends in a plus sign, as in 100+</comment>
        <translation>
            <numerusform>{count} client correspond à « {query} »</numerusform>
            <numerusform>{count} clients correspondent à « {query} »</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{count} customer(s) match “{query}”</source>
        <translation>
            <numerusform>{count} client correspond à « {query} »</numerusform>
            <numerusform>{count} clients correspondent à « {query} »</numerusform>
        </translation>
    </message>
    <message>
        <source>Customer search</source>
        <translation>Recherche de clients</translation>
    </message>
    <message>
        <source>Search customers</source>
        <translation>Rechercher des clients</translation>
    </message>
    <message>
        <source>Find a customer by any part of the name, email or phone number; the arrow keys move in the results and Enter opens the highlighted one ({key})</source>
        <translation>Trouver un client par une partie du nom, de l&apos;e-mail ou du numéro de téléphone; les flèches parcourent les résultats et Enter ouvre celui en surbrillance ({key})</translation>
    </message>
    <message>
        <source>Find a customer: name, email or phone number   ({key})</source>
        <translation>Trouver un client: nom, e-mail ou téléphone   ({key})</translation>
    </message>
    <message>
        <source>Loading customers…</source>
        <translation>Chargement des clients…</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Résultats de la recherche</translation>
    </message>
    <message>
        <source>Matching customers; Enter opens the highlighted one</source>
        <translation>Clients correspondants; Enter ouvre celui en surbrillance</translation>
    </message>
</context>
<context>
    <name>SearchResultsModel</name>
    <message>
        <source>⚠ Blacklisted</source>
        <translation>⚠ Liste noire</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Blacklist</source>
        <translation>Liste noire</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>Points</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>{first} (+{more})</source>
        <translation>{first} (+{more})</translation>
    </message>
    <message>
        <source>no email</source>
        <translation>pas d&apos;e-mail</translation>
    </message>
    <message>
        <source>no phone</source>
        <translation>pas de téléphone</translation>
    </message>
    <message>
        <source>not blacklisted</source>
        <translation>pas sur liste noire</translation>
    </message>
    <message>
        <source>On a vendor&apos;s blacklist: check before serving</source>
        <translation>Sur la liste noire d&apos;un service: vérifier avant de servir</translation>
    </message>
    <message>
        <source>no name on file</source>
        <translation>aucun nom enregistré</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(sans nom)</translation>
    </message>
    <message>
        <source>no loyalty points</source>
        <translation>aucun point de fidélité</translation>
    </message>
    <message numerus="yes">
        <source>{count} loyalty point(s)</source>
        <translation>
            <numerusform>{count} point de fidélité</numerusform>
            <numerusform>{count} points de fidélité</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SectionBox</name>
    <message>
        <source>Loyalty (LOKE)</source>
        <translation>Fidélité (LOKE)</translation>
    </message>
    <message>
        <source>Reservations</source>
        <translation>Réservations</translation>
    </message>
    <message>
        <source>Qudini booking</source>
        <translation>Réservation Qudini</translation>
    </message>
    <message>
        <source>Booxi</source>
        <translation>Booxi</translation>
    </message>
    <message>
        <source>{section} section</source>
        <translation>Section {section}</translation>
    </message>
    <message>
        <source>What {vendor} knows about this customer</source>
        <translation>Ce que {vendor} sait de ce client</translation>
    </message>
    <message>
        <source>{vendor} refreshing</source>
        <translation>{vendor}: actualisation en cours</translation>
    </message>
    <message>
        <source>{status} · refreshing…</source>
        <translation>{status} · actualisation…</translation>
    </message>
    <message>
        <source>refreshing…</source>
        <translation>actualisation…</translation>
    </message>
</context>
<context>
    <name>Splash</name>
    <message>
        <source>Starting…</source>
        <translation>Démarrage…</translation>
    </message>
    <message>
        <source>Clientdesk is starting</source>
        <translation>Clientdesk démarre</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <source>just now</source>
        <translation>à l&apos;instant</translation>
    </message>
    <message numerus="yes">
        <source>{count} min ago</source>
        <translation>
            <numerusform>il y a {count} min</numerusform>
            <numerusform>il y a {count} min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{count} h ago</source>
        <translation>
            <numerusform>il y a {count} h</numerusform>
            <numerusform>il y a {count} h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{count} day(s) ago</source>
        <translation>
            <numerusform>il y a {count} jour</numerusform>
            <numerusform>il y a {count} jours</numerusform>
        </translation>
    </message>
    <message>
        <source>{vendor}: not synced yet</source>
        <translation>{vendor}: pas encore synchronisé</translation>
    </message>
    <message>
        <source>⚠ {vendor}: offline since {time}</source>
        <translation>⚠ {vendor}: hors ligne depuis {time}</translation>
    </message>
    <message>
        <source>⚠ {vendor}: sync failed</source>
        <translation>⚠ {vendor}: échec de la synchronisation</translation>
    </message>
    <message>
        <source>⚠ {vendor}: {ago}, last try failed</source>
        <translation>⚠ {vendor}: {ago}, le dernier essai a échoué</translation>
    </message>
    <message>
        <source>{vendor}: {ago}</source>
        <comment>how fresh: LOKE: 2 min ago</comment>
        <translation>{vendor}: {ago}</translation>
    </message>
    <message>
        <source>{vendor}: starting…</source>
        <translation>{vendor}: démarrage…</translation>
    </message>
    <message>
        <source>{vendor}: tidying up…</source>
        <translation>{vendor}: nettoyage…</translation>
    </message>
    <message numerus="yes">
        <source>{vendor}: {count} customer(s)</source>
        <translation>
            <numerusform>{vendor}: {count} client</numerusform>
            <numerusform>{vendor}: {count} clients</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{vendor}: {count} of {total} customer(s)</source>
        <comment>plural by the total</comment>
        <translation>
            <numerusform>{vendor}: {count} sur {total} client</numerusform>
            <numerusform>{vendor}: {count} sur {total} clients</numerusform>
        </translation>
    </message>
    <message>
        <source>{vendor}: {reason}</source>
        <comment>a vendor&apos;s message: LOKE: refused</comment>
        <translation>{vendor}: {reason}</translation>
    </message>
    <message>
        <source>sync failed</source>
        <translation>échec de la synchronisation</translation>
    </message>
    <message>
        <source>⚠ {reason} — showing saved data</source>
        <translation>⚠ {reason} — affichage des données enregistrées</translation>
    </message>
</context>
<context>
    <name>SyncStatusBar</name>
    <message>
        <source>Sync status</source>
        <translation>État de la synchronisation</translation>
    </message>
    <message>
        <source>Sync progress, how fresh each vendor&apos;s data is, errors</source>
        <translation>Progression de la synchronisation, fraîcheur des données de chaque service, erreurs</translation>
    </message>
    <message>
        <source>Sync problems</source>
        <translation>Problèmes de synchronisation</translation>
    </message>
    <message>
        <source>Sync under way</source>
        <translation>Synchronisation en cours</translation>
    </message>
    <message>
        <source>Sync progress</source>
        <translation>Progression de la synchronisation</translation>
    </message>
    <message>
        <source>How fresh each vendor&apos;s data is</source>
        <translation>Fraîcheur des données de chaque service</translation>
    </message>
    <message>
        <source>Syncing {progress}</source>
        <translation>Synchronisation — {progress}</translation>
    </message>
</context>
<context>
    <name>TicketCard</name>
    <message>
        <source>Known: 1 earlier visit, last on {date}</source>
        <translation>Client connu: 1 visite précédente, dernière le {date}</translation>
    </message>
    <message numerus="yes">
        <source>Known: %Ln earlier visits, last on {date}</source>
        <translation>
            <numerusform>Client connu: %Ln visite précédente, dernière le {date}</numerusform>
            <numerusform>Client connu: %Ln visites précédentes, dernière le {date}</numerusform>
        </translation>
    </message>
    <message>
        <source>Known customer</source>
        <translation>Client connu</translation>
    </message>
    <message>
        <source>no-shows unknown until their profile is opened</source>
        <translation>absences inconnues tant que sa fiche n&apos;est pas ouverte</translation>
    </message>
    <message>
        <source>Saved customers are not available in this window.</source>
        <translation>Les clients enregistrés ne sont pas disponibles dans cette fenêtre.</translation>
    </message>
    <message>
        <source>Looking for this person among the saved customers…</source>
        <translation>Recherche de cette personne parmi les clients enregistrés…</translation>
    </message>
    <message>
        <source>Not a saved customer on this PC (no phone, email or name matches).</source>
        <translation>Pas un client enregistré sur ce poste (aucun téléphone, e-mail ou nom correspondant).</translation>
    </message>
    <message>
        <source>{match} — check with the customer before relying on it.</source>
        <translation>{match} — à vérifier avec le client avant de s&apos;y fier.</translation>
    </message>
    <message>
        <source>sending to Qminder…</source>
        <translation>envoi à Qminder…</translation>
    </message>
    <message>
        <source>place {place} in line</source>
        <translation>rang {place} dans la file</translation>
    </message>
    <message>
        <source>waiting {wait}</source>
        <translation>attend depuis {wait}</translation>
    </message>
    <message>
        <source>called at {time} after {wait}</source>
        <translation>appelé à {time} après {wait} d&apos;attente</translation>
    </message>
    <message>
        <source>called after {wait}</source>
        <translation>appelé après {wait} d&apos;attente</translation>
    </message>
    <message>
        <source>status {status} (as Qminder says)</source>
        <translation>statut {status} (selon Qminder)</translation>
    </message>
    <message>
        <source>Details of the selected ticket</source>
        <translation>Détails du ticket sélectionné</translation>
    </message>
    <message>
        <source>Everything about the ticket selected in the queue, and who it may be</source>
        <translation>Tout sur le ticket sélectionné dans la file d&apos;attente, et de qui il pourrait s&apos;agir</translation>
    </message>
    <message>
        <source>Private: shown on this screen only, never sent to Qminder</source>
        <translation>Privé: affiché sur cet écran uniquement, jamais envoyé à Qminder</translation>
    </message>
    <message>
        <source>Extra fields of the ticket</source>
        <translation>Champs supplémentaires du ticket</translation>
    </message>
    <message>
        <source>No ticket selected</source>
        <translation>Aucun ticket sélectionné</translation>
    </message>
    <message>
        <source>Select a ticket (arrow keys or a click) to see who it is and act on it.</source>
        <translation>Sélectionner un ticket (flèches ou clic) pour voir de qui il s&apos;agit et agir.</translation>
    </message>
    <message>
        <source>Enter opens their profile.</source>
        <translation>Enter ouvre sa fiche.</translation>
    </message>
    <message>
        <source>{title}:</source>
        <comment>an extra field&apos;s caption</comment>
        <translation>{title}:</translation>
    </message>
    <message>
        <source>Ticket {number}</source>
        <translation>Ticket {number}</translation>
    </message>
    <message>
        <source>Qminder id {id}</source>
        <translation>Identifiant Qminder {id}</translation>
    </message>
</context>
<context>
    <name>TimelineModel</name>
    <message>
        <source>Upcoming</source>
        <translation>À venir</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Terminé</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annulé</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>Client absent</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Inconnu</translation>
    </message>
    <message>
        <source>When (store time)</source>
        <translation>Quand (heure du magasin)</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Prestation</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Employé</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Prix</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>no date</source>
        <translation>pas de date</translation>
    </message>
    <message>
        <source>? unknown</source>
        <comment>a status nobody gave</comment>
        <translation>? inconnu</translation>
    </message>
    <message>
        <source>status not recognised; {vendor} says {status}</source>
        <translation>statut non reconnu; {vendor} indique {status}</translation>
    </message>
    <message>
        <source>from {vendor}</source>
        <comment>where a booking came from</comment>
        <translation>via {vendor}</translation>
    </message>
    <message>
        <source>no service</source>
        <translation>pas de prestation</translation>
    </message>
    <message>
        <source>no staff</source>
        <translation>aucun employé</translation>
    </message>
    <message>
        <source>no price</source>
        <translation>pas de prix</translation>
    </message>
    <message>
        <source>{vendor} calls this booking “{status}”, which Clientdesk does not recognise</source>
        <translation>{vendor} indique « {status} » pour cette réservation, un statut que Clientdesk ne reconnaît pas</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>vide</translation>
    </message>
    <message>
        <source>{vendor} gave no date for this booking</source>
        <translation>{vendor} n&apos;a pas donné de date pour cette réservation</translation>
    </message>
</context>
<context>
    <name>VendorStatusModel</name>
    <message>
        <source>Vendor</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Secret</source>
        <translation>Secret</translation>
    </message>
    <message>
        <source>Reachable</source>
        <translation>Joignable</translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation>Connecté</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latence</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>✔ yes</source>
        <translation>✔ oui</translation>
    </message>
    <message>
        <source>✘ no</source>
        <translation>✘ non</translation>
    </message>
    <message>
        <source>✔ OK — {message}</source>
        <translation>✔ OK — {message}</translation>
    </message>
    <message>
        <source>✘ failed — {message}</source>
        <translation>✘ échec — {message}</translation>
    </message>
    <message>
        <source>{count} ms</source>
        <translation>{count} ms</translation>
    </message>
    <message>
        <source>checking…</source>
        <translation>vérification…</translation>
    </message>
    <message>
        <source>not needed</source>
        <translation>non requis</translation>
    </message>
</context>
<context>
    <name>VendorsPanel</name>
    <message>
        <source>Vendor connections</source>
        <translation>Connexions aux services</translation>
    </message>
    <message>
        <source>One row per vendor: its secret, whether it answers, sign-in, latency and the result</source>
        <translation>Une ligne par service: sa clé secrète, s&apos;il répond, la connexion, le temps de réponse et le résultat</translation>
    </message>
    <message>
        <source>Check again ({key})</source>
        <translation>Revérifier ({key})</translation>
    </message>
    <message>
        <source>Check vendors again</source>
        <translation>Revérifier les services</translation>
    </message>
    <message>
        <source>Runs the connection checks for every vendor again ({key})</source>
        <translation>Relance les vérifications de connexion de tous les services ({key})</translation>
    </message>
    <message>
        <source>checking…</source>
        <translation>vérification…</translation>
    </message>
    <message>
        <source>Credentials: {where}</source>
        <translation>Identifiants: {where}</translation>
    </message>
    <message>
        <source>checked at {time}</source>
        <translation>vérifié à {time}</translation>
    </message>
</context>
<context>
    <name>WalkInBox</name>
    <message>
        <source>Walk-in details not sent: the record changed on {vendor} since you began. Nothing was overwritten — choose which version to keep.</source>
        <translation>Informations du client sans rendez-vous non envoyées: la fiche a changé dans {vendor} depuis le début de la saisie. Rien n&apos;a été écrasé — choisir la version à garder.</translation>
    </message>
    <message>
        <source>Walk-in details not sent — {vendor} refused them: {reason}</source>
        <translation>Informations du client sans rendez-vous non envoyées — {vendor} les a refusées: {reason}</translation>
    </message>
    <message>
        <source>Walk-in record</source>
        <translation>Fiche du client sans rendez-vous</translation>
    </message>
    <message>
        <source>Complete walk-in record…</source>
        <translation>Compléter la fiche du client sans rendez-vous…</translation>
    </message>
    <message>
        <source>Complete walk-in record</source>
        <translation>Compléter la fiche du client sans rendez-vous</translation>
    </message>
    <message>
        <source>Give this walk-in placeholder a name, email, phone and birthday; sent to reservations</source>
        <translation>Donner à cette fiche provisoire un nom, un e-mail, un téléphone et une date de naissance; envoyés à reservations</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Réessayer</translation>
    </message>
    <message>
        <source>Send the walk-in&apos;s details again</source>
        <translation>Renvoyer les informations du client sans rendez-vous</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Abandonner</translation>
    </message>
    <message>
        <source>Discard the walk-in&apos;s details</source>
        <translation>Abandonner les informations du client sans rendez-vous</translation>
    </message>
    <message>
        <source>Keep mine (send again)</source>
        <translation>Garder les miennes (renvoyer)</translation>
    </message>
    <message>
        <source>Keep my details and send them again</source>
        <translation>Garder mes informations et les renvoyer</translation>
    </message>
    <message>
        <source>Take theirs (drop mine)</source>
        <translation>Prendre les leurs (abandonner les miennes)</translation>
    </message>
    <message>
        <source>Take the details on reservations and drop mine</source>
        <translation>Prendre les informations de reservations et abandonner les miennes</translation>
    </message>
    <message>
        <source>Whether the walk-in&apos;s details reached reservations</source>
        <translation>Si les informations du client sans rendez-vous sont arrivées dans reservations</translation>
    </message>
    <message>
        <source>The record could not be read from the cache ({error}).</source>
        <translation>Impossible de lire la fiche dans les données de ce poste ({error}).</translation>
    </message>
    <message>
        <source>This is a registered customer&apos;s record now; their details come from their own reservations account.</source>
        <translation>Cette fiche appartient maintenant à un client inscrit; ses informations viennent de son propre compte reservations.</translation>
    </message>
    <message>
        <source>Walk-in details saved on reservations</source>
        <translation>Informations du client sans rendez-vous enregistrées dans reservations</translation>
    </message>
    <message>
        <source>Now on {vendor}: {theirs}
Yours: {ours}</source>
        <translation>Actuellement dans {vendor}: {theirs}
Votre version: {ours}</translation>
    </message>
    <message>
        <source>Walk-in details: {state}</source>
        <translation>Informations du client sans rendez-vous: {state}</translation>
    </message>
    <message>
        <source>Discarded: reservations keeps what it has.</source>
        <translation>Abandonné: reservations garde ce qu&apos;il a.</translation>
    </message>
    <message>
        <source>The version on reservations was kept; yours was discarded. The next sync ({key}) shows it here.</source>
        <translation>La version de reservations a été gardée; la vôtre a été abandonnée. La prochaine synchronisation ({key}) l&apos;affichera ici.</translation>
    </message>
</context>
<context>
    <name>WalkInDialog</name>
    <message>
        <source>on file: {masked} (used if left empty)</source>
        <translation>enregistré: {masked} (utilisé si vide)</translation>
    </message>
    <message>
        <source>Add a walk-in to the queue</source>
        <translation>Ajouter un client sans rendez-vous à la file</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>File</translation>
    </message>
    <message>
        <source>The line the visitor waits in</source>
        <translation>La file où le client attend</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>Prénom</translation>
    </message>
    <message>
        <source>2 to 50 characters</source>
        <translation>2 à 50 caractères</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>facultatif</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <source>optional: local or international</source>
        <translation>facultatif: national ou international</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Étiquettes</translation>
    </message>
    <message>
        <source>optional: VIP, Wheelchair …</source>
        <translation>facultatif: VIP, Fauteuil roulant …</translation>
    </message>
    <message>
        <source>&amp;Line:</source>
        <translation>&amp;File:</translation>
    </message>
    <message>
        <source>&amp;First name:</source>
        <translation>&amp;Prénom:</translation>
    </message>
    <message>
        <source>La&amp;st name:</source>
        <translation>&amp;Nom:</translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation>&amp;Téléphone:</translation>
    </message>
    <message>
        <source>E&amp;mail:</source>
        <translation>&amp;E-mail:</translation>
    </message>
    <message>
        <source>La&amp;bels:</source>
        <translation>Éti&amp;quettes:</translation>
    </message>
    <message>
        <source>&amp;Add to the queue</source>
        <translation>&amp;Ajouter à la file</translation>
    </message>
    <message>
        <source>Add to the queue</source>
        <translation>Ajouter à la file</translation>
    </message>
    <message>
        <source>Enter; sends the walk-in to Qminder</source>
        <translation>Enter; envoie le client sans rendez-vous à Qminder</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Esc; closes without adding anyone</source>
        <translation>Esc; ferme sans ajouter personne</translation>
    </message>
    <message>
        <source>No line is open at this location, so nobody can be added.</source>
        <translation>Aucune file n&apos;est ouverte dans ce magasin: impossible d&apos;ajouter qui que ce soit.</translation>
    </message>
    <message>
        <source>Adding {name}…</source>
        <translation>Ajout en cours: {name}…</translation>
    </message>
    <message>
        <source>Not added: {why}</source>
        <translation>Non ajouté: {why}</translation>
    </message>
</context>
</TS>
