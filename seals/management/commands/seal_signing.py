"""Show (and on first run create) the certificate that signs stamped PDFs."""

from django.core.management.base import BaseCommand

from seals import conf
from seals.engine import signing


class Command(BaseCommand):
    help = "Create the installation's seal signing certificate if missing and print where it is and who it names."

    def handle(self, *args, **options):
        ident = signing.identity()
        source = conf.signing_pkcs12() or str(conf.signing_dir() / "signer.p12")
        self.stdout.write(f"signer:  {ident.subject}")
        self.stdout.write(f"pkcs12:  {source}")
        for root in ident.trust_roots:
            self.stdout.write(f"trusts:  {root.subject.human_friendly}")
