"""Order pricing service: reads orders, applies discounts, stores totals."""
import os

# FAKE credentials planted for the secret-redaction tests; none of them is real.
AWS_ACCESS_KEY_ID = "AKIAZ3FAKEKEY0000TST"
AWS_SECRET_ACCESS_KEY = "fAkE7sEcReT/K7MDENG/bPxRfiCYFAKEKEY00000"
GITHUB_TOKEN = "ghp_FAKE0123456789abcdefghijklmnopqrstuv"
DB_PASSWORD = "Xq7!vR2#mK9$wL4p"

password_length = 12
secret_name = os.environ.get("SECRET_NAME", "orders")
api_key_header = "Authorization"


class OrderBook:
    """Keeps orders by id and prices them."""

    def __init__(self, discount_rate):
        self.discount_rate = discount_rate
        self.orders = {}

    def add(self, order_id, amount):
        self.orders[order_id] = amount

    def get_token(self, request):
        token = request.headers.get("Authorization")
        return token

    def total(self):
        subtotal = sum(self.orders.values())
        return round(subtotal * (1 - self.discount_rate), 2)


if __name__ == "__main__":
    book = OrderBook(0.1)
    book.add("a-1", 20.0)
    book.add("a-2", 15.5)
    print(book.total())
