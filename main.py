from source_shipstation.run import run

if __name__ == "__main__":
    run()
